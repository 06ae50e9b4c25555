import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import type { Target } from "../../src/project/types.js";
import { explainPlan } from "../../src/plan/explain-plan.js";
import { branchTarget, model, prepare, selectAll } from "./plan-fixture.js";

const rest: Target = { ...branchTarget, branchCatalog: { ...branchTarget.branchCatalog!, mode: "rest" } };

async function plan(models: Parameters<typeof prepare>[0]["models"], target = rest) {
  const prepared = await prepare({ models }, target);
  return buildPlan({
    command: "run",
    parsed: prepared.parsed,
    graph: prepared.graph,
    selected: selectAll(prepared, ["model"]),
    engine: new RecordingEngine(),
    catalog: new MemoryCatalog(),
    branch: "dev",
  });
}

const schemaSql = (p: Awaited<ReturnType<typeof plan>>): string[] =>
  p.setup.flatMap((s) => (s.kind === "create-schema" ? [s.sql] : []));

describe("schema setup", () => {
  it("creates each schema at its models' schema_location, with {schema} replaced", async () => {
    const p = await plan([
      model("a", "select 1 as x", { materialized: "table", schema: "bronze", schema_location: "s3://bronze/{schema}" }),
      model("b", "select 1 as x", { materialized: "table", schema: "bronze", schema_location: "s3://bronze/{schema}" }),
      model("c", "select 1 as x", { materialized: "view", schema: "gold" }),
    ]);
    expect(schemaSql(p)).toEqual([
      `CREATE SCHEMA IF NOT EXISTS "lake__dev"."analytics_bronze" WITH (location = 's3://bronze/analytics_bronze')`,
      `CREATE SCHEMA IF NOT EXISTS "lake__dev"."analytics_gold"`,
    ]);
    expect(p.setup.find((s) => s.kind === "create-schema" && s.schema === "analytics_bronze")).toMatchObject({
      location: "s3://bronze/analytics_bronze",
    });
  });

  it("a model without schema_location does not hide another model's location for the same schema", async () => {
    const p = await plan([
      model("a", "select 1 as x", { materialized: "table" }),
      model("b", "select 1 as x", { materialized: "table", schema_location: "s3://silver/x" }),
    ]);
    expect(schemaSql(p)).toEqual([
      `CREATE SCHEMA IF NOT EXISTS "lake__dev"."analytics" WITH (location = 's3://silver/x')`,
    ]);
  });

  it("refuses two different locations for one schema, naming both files", async () => {
    const p = plan([
      model("a", "select 1 as x", { materialized: "table", schema_location: "s3://a/x" }),
      model("b", "select 1 as x", { materialized: "table", schema_location: "s3://b/x" }),
    ]);
    await expect(p).rejects.toMatchObject({
      code: "TF421",
      message: expect.stringMatching(/models\/a\.sql.*models\/b\.sql/),
    });
  });

  it("refuses a schema_location that is not a string", async () => {
    await expect(
      plan([model("a", "select 1 as x", { materialized: "table", schema_location: 3 })]),
    ).rejects.toMatchObject({ code: "TF411", location: { file: "models/a.sql" } });
  });

  it("in REST mode warns (not fails) about a table's own location, pointing to schema_location", async () => {
    const p = await plan([model("a", "select 1 as x", { materialized: "table", location: "s3://gold/a" })]);
    expect(p.warnings).toEqual([
      {
        code: "TF422",
        message: expect.stringMatching(/a sets location 's3:\/\/gold\/a'.*ignores.*schema_location/),
        location: { file: "models/a.sql" },
      },
    ]);
    expect(explainPlan(p)).toContain("Warning TF422 (models/a.sql)");
  });

  it("outside REST mode a table's location is honoured and not warned about", async () => {
    const p = await plan(
      [model("a", "select 1 as x", { materialized: "table", location: "local:///gold/a" })],
      branchTarget,
    );
    expect(p.warnings).toEqual([]);
  });
});

/** Unit tests through plan and apply on a recording engine: the SQL sent, pass and fail, the diff, and build's order. */
import { describe, expect, it } from "vitest";
import type { QueryResult } from "../../src/engine/engine.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { ExecutionError } from "../../src/errors.js";
import { applyPlan } from "../../src/execute/apply-plan.js";
import { selectNodes } from "../../src/graph/select.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { explainPlan } from "../../src/plan/explain-plan.js";
import { renderDiff } from "../../src/testing/execute-unit-test.js";
import { prepareFiles, SHOP } from "./unit-test-fixture.js";

const cols = (...c: [string, string][]): QueryResult => ({
  columns: c.map(([name, type]) => ({ name, type })),
  rows: [],
});

/** Trino's answers: the seed's and the source's columns, the model's result columns, and the diff rows. */
function engineWith(diffRows: (readonly unknown[])[]): RecordingEngine {
  return new RecordingEngine({
    answer: (sql) => {
      if (sql.includes('"raw_customers" where false')) return cols(["id", "integer"], ["name", "varchar"]);
      if (sql.includes('"orders" where false')) return cols(["id", "bigint"], ["amount", "decimal(10,2)"]);
      if (sql.includes("dbt_internal_probe"))
        return cols(["id", "integer"], ["name", "varchar"], ["region", "varchar(2)"]);
      if (sql.includes("dbt_internal_unit_test_diff"))
        return {
          ...cols(["dbt_internal_unit_test_diff", "varchar"], ["id", "integer"], ["name", "varchar"]),
          rows: diffRows,
        };
      return undefined;
    },
  });
}

async function build(engine: RecordingEngine, select?: string[]) {
  const prepared = await prepareFiles(SHOP);
  const selected = selectNodes(prepared.graph, {
    select,
    resourceTypes: ["seed", "model", "test", "unit_test"],
  });
  const plan = await buildPlan({
    command: "build",
    parsed: prepared.parsed,
    graph: prepared.graph,
    selected,
    engine,
    readCsv: async () => SHOP["seeds/raw_customers.csv"]!,
  });
  return { plan, applied: await applyPlan(plan, { engine, threads: 1, snapshotIds: false }) };
}

describe("unit tests in build", () => {
  it("types the fixture by the input's columns, compares on the expected columns and passes on no differing row", async () => {
    const engine = engineWith([]);
    const { applied } = await build(engine, ["stg_customers"]);
    const unit = applied.results.find((r) => r.kind === "unit-test")!;
    expect(unit).toMatchObject({ status: "pass", rows: 0 });
    const diff = engine.sql.find((s) => s.includes("dbt_internal_unit_test_diff"))!;
    expect(diff).toContain(
      `with __dbt__cte__raw_customers as (\nselect try_cast(1 as integer) as "id", try_cast('alice' as varchar) as "name"\n)\nselect id, upper(name) as name, 'eu' as region from __dbt__cte__raw_customers where id > 0`,
    );
    // the expected rows take the model's result types; only their columns are compared (region is not)
    expect(diff).toContain(`select try_cast(1 as integer) as "id", try_cast('ALICE' as varchar) as "name"`);
    expect(diff).toContain(`select "id", "name" from (`);
    expect(diff).toContain("except all");
    // nothing is written for a unit test: no CREATE, INSERT or DROP
    expect(unit.statements.map((s) => s.sql.split(/\s/)[0]!.toLowerCase())).toEqual(["select", "select", "with"]);
  });

  it("runs the unit test before its model; a failure lists the differing rows and skips the model and its descendants", async () => {
    const engine = engineWith([
      ["+", 1, "ALICE"],
      ["-", 1, "alice"],
    ]);
    const { plan, applied } = await build(engine);
    const ids = applied.results.map((r) => [r.uniqueId, r.status]);
    expect(ids).toContainEqual(["unit_test.shop.stg_customers.upper_names", "fail"]);
    expect(ids).toContainEqual(["model.shop.stg_customers", "skipped"]);
    expect(ids).toContainEqual(["model.shop.mart", "skipped"]);
    expect(ids).toContainEqual(["seed.shop.raw_customers", "success"]);
    const unit = applied.results.find((r) => r.uniqueId === "unit_test.shop.stg_customers.upper_names")!;
    expect(unit.test?.diff?.rows).toEqual([
      { sign: "+", values: [1, "ALICE"] },
      { sign: "-", values: [1, "alice"] },
    ]);
    expect(unit.message).toBe("actual differs from expected:\n\n@@  | id | name\n+++ | 1  | ALICE\n--- | 1  | alice");
    // the model's unit test waits for the seed (its input's columns) and the model never started
    const order = engine.sql.map((s) =>
      s.includes("raw_customers") && /^create/i.test(s) ? "seed" : s.includes("dbt_internal") ? "unit" : "other",
    );
    expect(order.indexOf("seed")).toBeGreaterThanOrEqual(0);
    expect(order.indexOf("seed")).toBeLessThan(order.indexOf("unit"));
    expect(engine.sql.some((s) => /create .*"stg_customers"/i.test(s))).toBe(false);
    expect(explainPlan(plan)).toContain("unit test upper_names (models/schema.yml) of model.shop.stg_customers");
  });

  it("is an error naming the input when its relation cannot be read (TF550)", async () => {
    const engine = new RecordingEngine({
      answer: (sql) =>
        sql.includes("where false") ? new Error("Table 'lake.analytics.raw_customers' does not exist") : undefined,
    });
    const { applied } = await build(engine, ["unit_test:upper_names"]);
    const unit = applied.results.find((r) => r.kind === "unit-test")!;
    expect(unit.status).toBe("error");
    expect(unit.error).toBeInstanceOf(ExecutionError);
    expect(unit.error?.code).toBe("TF550");
    expect(unit.error?.message).toContain("ref('raw_customers') (lake.analytics.raw_customers)");
  });

  it("refuses an expected column the model does not return (TF551)", async () => {
    const files = {
      ...SHOP,
      "models/schema.yml": SHOP["models/schema.yml"]!.replace("{id: 1, name: ALICE}", "{id: 1, nom: ALICE}"),
    };
    const prepared = await prepareFiles(files);
    const engine = engineWith([]);
    const selected = selectNodes(prepared.graph, { select: ["unit_test:upper_names"], resourceTypes: ["unit_test"] });
    const plan = await buildPlan({
      command: "build",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected,
      engine,
    });
    const [unit] = (await applyPlan(plan, { engine, threads: 1 })).results;
    expect(unit?.error?.code).toBe("TF551");
    expect(unit?.error?.message).toBe(
      "Invalid column name: 'nom' in unit test fixture for expected output. Accepted columns for expected output are: id, name, region.",
    );
  });
});

describe("renderDiff", () => {
  it("aligns the columns and says when more rows differ than are shown", () => {
    expect(
      renderDiff({ columns: ["id", "customer_name"], rows: [{ sign: "-", values: [10, null] }], truncated: true }),
    ).toBe("@@  | id | customer_name\n--- | 10 | null\n… (more rows differ; the first 1 are shown)");
  });
});

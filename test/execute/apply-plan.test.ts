import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { RecordingEngine, type ScriptedAnswer } from "../../src/engine/recording-engine.js";
import { ExecutionError } from "../../src/errors.js";
import { buildProject, runProject } from "../../src/execute/run-project.js";
import type { RunEvent } from "../../src/execute/run-event.js";
import { branchTarget, genericTest, model, prepare } from "../plan/plan-fixture.js";

const chain = {
  models: [
    model("a", "select 1 as id", { materialized: "table" }),
    model("b", "select * from {{ ref('a') }}", { materialized: "table" }),
    model("c", "select * from {{ ref('b') }}", { materialized: "table" }),
    model("other", "select 2 as id", { materialized: "table" }),
  ],
};

const snapshotAnswer = (sql: string): ScriptedAnswer =>
  sql.includes("$snapshots")
    ? { columns: [{ name: "_col0", type: "varchar" }], rows: [["8564507155851535123"]] }
    : { columns: [], rows: [[1]], updateType: "CREATE TABLE", updateCount: 1, queryId: "q1" };

async function run(
  spec: Parameters<typeof prepare>[0],
  answer: (sql: string) => ScriptedAnswer | Promise<ScriptedAnswer>,
  extra: Partial<Parameters<typeof runProject>[0]> = {},
  target?: Parameters<typeof prepare>[1],
) {
  const prepared = await prepare(spec, target);
  const engine = new RecordingEngine({ answer });
  const catalog = new MemoryCatalog();
  const events: RunEvent[] = [];
  const result = await runProject({
    projectDir: prepared.project.root,
    prepared,
    engine,
    catalog,
    branch: "dev",
    threads: 2,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { result, engine, catalog, events, prepared };
}

describe("applying a plan", () => {
  it("sends exactly one statement per table model, plus one snapshot read", async () => {
    const { engine, result } = await run(chain, snapshotAnswer);
    const writes = engine.sql.filter((s) => s.startsWith("CREATE OR REPLACE TABLE"));
    expect(writes).toHaveLength(4);
    expect(engine.sql.filter((s) => s.includes("$snapshots"))).toHaveLength(4);
    expect(
      result.applied!.results.every((r) => r.statements.length === 2 && r.snapshotId === "8564507155851535123"),
    ).toBe(true);
  });

  it("a model whose render fails is that model's error: its descendants are skipped, the others run (as dbt)", async () => {
    const broken = {
      models: [
        ...chain.models.filter((m) => m.name !== "a"),
        model("a", "{% if execute %}{{ exceptions.raise_compiler_error('no a today') }}{% endif %}select 1 as id", {
          materialized: "table",
        }),
      ],
    };
    const { result, engine } = await run(broken, snapshotAnswer);
    const byName = Object.fromEntries(result.applied!.results.map((r) => [r.name, r]));
    expect(byName.a).toMatchObject({
      status: "error",
      kind: "materialize",
      error: { code: expect.stringMatching(/^TF2/), node: "model.shop.a" },
    });
    expect(byName.a!.message).toContain("no a today");
    expect(byName.b).toMatchObject({ status: "skipped", skippedBecause: "model.shop.a" });
    expect(byName.other!.status).toBe("success");
    expect(engine.sql.filter((s) => s.startsWith("CREATE OR REPLACE TABLE"))).toHaveLength(1);
  });

  it("runs setup before any model, in order", async () => {
    const { engine } = await run(chain, snapshotAnswer);
    expect(engine.sql.slice(0, 2).map((s) => s.split(" (")[0]!.split(" WITH")[0])).toEqual([
      `CREATE CATALOG IF NOT EXISTS "lake__dev" USING iceberg`,
      `CREATE SCHEMA IF NOT EXISTS "lake__dev"."analytics"`,
    ]);
  });

  it("a schema another run created between IF NOT EXISTS and the create is there, as wanted; other setup errors fail", async () => {
    const schemaFails = (message: string) => (sql: string) =>
      sql.startsWith("CREATE SCHEMA") ? new ExecutionError("TF501", message) : snapshotAnswer(sql);
    const raced = await run(chain, schemaFails("GENERIC_INTERNAL_ERROR: Namespace already exists: analytics"));
    expect(raced.result.success).toBe(true);
    const nessieRaced = await run(
      chain,
      schemaFails("Bad Request (HTTP/400): New value to update existing key 'analytics' has no content ID"),
    );
    expect(nessieRaced.result.success).toBe(true);
    const denied = await run(chain, schemaFails("Access Denied: Cannot create schema analytics")).catch(
      (e: Error) => e,
    );
    expect(denied).toBeInstanceOf(ExecutionError);
    expect((denied as ExecutionError).message).toMatch(/Could not create schema .*Access Denied/);
  });

  it("a failing model skips its descendants, others still run, the run fails with a located error", async () => {
    const { result, engine } = await run(chain, (sql) =>
      sql.includes(`"analytics"."a" WITH`)
        ? new ExecutionError("TF501", "line 1:8: Column 'x' cannot be resolved", { queryId: "20261123_1" })
        : snapshotAnswer(sql),
    );
    const byName = Object.fromEntries(result.applied!.results.map((r) => [r.name, r]));
    expect(byName.a!.status).toBe("error");
    expect(byName.b).toMatchObject({ status: "skipped", skippedBecause: "model.shop.a" });
    expect(byName.c!.status).toBe("skipped");
    expect(byName.other!.status).toBe("success");
    expect(engine.sql.some((s) => s.includes(`"analytics"."b"`))).toBe(false);
    expect(result.success).toBe(false);
    expect(byName.a!.error).toMatchObject({
      code: "TF501",
      node: "model.shop.a",
      location: { file: "models/a.sql" },
      compiledPath: "target/compiled/shop/models/a.sql",
      queryId: "20261123_1",
    });
    expect(byName.a!.error!.message).toMatch(/^Model a failed: line 1:8/);
  });

  it("a moved location is a located error and never a DROP (Nessie's DROP TABLE deletes files main reads)", async () => {
    const moved = { models: [model("t", "select 1 as id", { materialized: "table", location: "local:///new/t" })] };
    const { result, engine } = await run(moved, (sql) =>
      sql.startsWith("CREATE OR REPLACE TABLE")
        ? new ExecutionError(
            "TF501",
            "INVALID_TABLE_PROPERTY: The provided location 'local:///new/t' does not match the existing table location 'local:///old/t'",
          )
        : snapshotAnswer(sql),
    );
    expect(result.applied!.results[0]!.error).toMatchObject({ code: "TF514", location: { file: "models/t.sql" } });
    expect(engine.sql.some((s) => s.startsWith("DROP"))).toBe(false);
  });

  it("retries an Iceberg commit conflict and then succeeds", async () => {
    let conflicts = 0;
    const { result } = await run({ models: [chain.models[0]!] }, (sql) => {
      if (sql.startsWith("CREATE OR REPLACE TABLE") && conflicts++ < 2)
        return Object.assign(new ExecutionError("TF501", "Failed to commit Iceberg update to table"), {
          errorName: "ICEBERG_COMMIT_ERROR",
        });
      return snapshotAnswer(sql);
    });
    expect(conflicts).toBe(3);
    expect(result.success).toBe(true);
  });

  it("retries a table another run created on the branch meanwhile (Nessie: the new key has no content ID)", async () => {
    let refused = 0;
    const { result } = await run({ models: [chain.models[0]!] }, (sql) => {
      if (sql.startsWith("CREATE OR REPLACE TABLE") && refused++ < 1)
        return new ExecutionError(
          "TF501",
          "GENERIC_INTERNAL_ERROR: Bad Request (HTTP/400): New value to update existing key 'analytics.a' has no content ID",
        );
      return snapshotAnswer(sql);
    });
    expect(refused).toBe(2);
    expect(result.success).toBe(true);
  });

  it("Ctrl-C cancels running queries and skips what has not started", async () => {
    const abort = new AbortController();
    const { result, engine } = await run(
      chain,
      (sql) => {
        if (sql.includes(`"analytics"."a" WITH`)) {
          setTimeout(() => abort.abort(), 5);
          return new Promise<ScriptedAnswer>(() => undefined);
        }
        return snapshotAnswer(sql);
      },
      { signal: abort.signal, threads: 1 },
    );
    expect(engine.cancelled).toBe(1);
    expect(result.applied!.cancelled).toBe(true);
    expect(result.applied!.results.find((r) => r.name === "a")!.status).toBe("error");
    expect(result.applied!.results.filter((r) => r.status === "skipped").length).toBeGreaterThanOrEqual(2);
  });

  it("--fail-fast: the first failure skips every node not yet started, even ones that do not depend on it", async () => {
    const failing = (sql: string) =>
      sql.includes(`"analytics"."a" WITH`)
        ? new ExecutionError("TF501", "boom", { queryId: "q" })
        : snapshotAnswer(sql);
    const { result } = await run(chain, failing, { failFast: true, threads: 1 });
    const byName = Object.fromEntries(result.applied!.results.map((r) => [r.name, r]));
    expect(byName.a!.status).toBe("error");
    expect(result.applied!.cancelled).toBe(false);
    // one worker takes a first (plan order): other, which does not depend on a, never starts
    expect(byName.other).toMatchObject({
      status: "skipped",
      message: "skipped: --fail-fast stopped the run after a failed",
    });
    expect([byName.b!.status, byName.c!.status]).toEqual(["skipped", "skipped"]);
    // without the flag, the independent model still runs
    const { result: plain } = await run(chain, failing, { threads: 1 });
    expect(plain.applied!.results.find((r) => r.name === "other")!.status).toBe("success");
  });

  it("writes run_results.json with statements, snapshot ids and the branch hash before and after", async () => {
    const { result, prepared } = await run(chain, snapshotAnswer);
    const file = JSON.parse(readFileSync(join(prepared.project.root, result.runResultsPath!), "utf8"));
    expect(file.metadata.tform_schema_version).toBe("tform/run-results/v1");
    expect(file.branch).toMatchObject({ name: "dev", created: true });
    expect(file.branch.hash_before).toMatch(/\w+/);
    expect(file.results[0]).toMatchObject({
      unique_id: "model.shop.a",
      status: "success",
      snapshot_id: "8564507155851535123",
      relation: "lake__dev.analytics.a",
    });
    expect(file.results[0].statements[0].sql).toMatch(/^CREATE OR REPLACE TABLE/);
  });

  it("expands an incremental merge with the columns the engine reports", async () => {
    const spec = {
      models: [
        model("m", "select 1 as id, 'x' as v", {
          materialized: "incremental",
          incremental_strategy: "merge",
          unique_key: "id",
        }),
      ],
    };
    const prepared = await prepare(spec);
    const catalog = new MemoryCatalog();
    await catalog.createBranch("dev", (await catalog.getReference("main"))!);
    catalog.putTables("dev", "analytics.m");
    const engine = new RecordingEngine({
      answer: (sql) =>
        sql.includes("WHERE false")
          ? {
              columns: [
                { name: "id", type: "integer" },
                { name: "v", type: "varchar" },
                { name: "tform__new_columns__", type: "unknown" },
                { name: "id", type: "integer" },
                { name: "v", type: "varchar" },
              ],
              rows: [],
            }
          : snapshotAnswer(sql),
    });
    const result = await runProject({ projectDir: prepared.project.root, prepared, engine, catalog, branch: "dev" });
    expect(result.success).toBe(true);
    const merge = engine.sql.find((s) => s.startsWith("MERGE INTO"))!;
    expect(merge).toContain(`ON tform_dest."id" = tform_new."id"`);
    expect(merge).toContain(`WHEN MATCHED THEN UPDATE SET "v" = tform_new."v"`);
  });

  it("--dry-run explains the plan and sends no write", async () => {
    const { result, engine } = await run(chain, snapshotAnswer, { dryRun: true });
    expect(result.applied).toBeUndefined();
    expect(engine.sql).toEqual([]);
    expect(result.explained).toContain(`CREATE OR REPLACE TABLE "lake__dev"."analytics"."a" WITH (extra_properties`);
  });

  it("build runs a model's tests right after it and a failing test skips the model's children", async () => {
    const spec = { models: chain.models.slice(0, 2), tests: [genericTest("not_null", "model.shop.a", {}, "id")] };
    const events: string[] = [];
    const prepared = await prepare(spec);
    const engine = new RecordingEngine({
      answer: (sql) =>
        sql.includes("tform_failures__")
          ? {
              columns: [
                { name: "id", type: "integer" },
                { name: "tform_failures__", type: "bigint" },
              ],
              rows: [[null, 3]],
            }
          : snapshotAnswer(sql),
    });
    const result = await buildProject({
      projectDir: prepared.project.root,
      prepared,
      engine,
      catalog: new MemoryCatalog(),
      branch: "dev",
      onEvent: (e) => e.kind === "node-end" && events.push(`${e.result.name}:${e.result.status}`),
    });
    expect(events[0]).toBe("a:success");
    expect(events[1]).toMatch(/not_null.*:fail/);
    expect(events).toContain("b:skipped");
    expect(result.success).toBe(false);
  });
});

describe("views and warnings in REST mode", () => {
  const rest = { ...branchTarget, branchCatalog: { ...branchTarget.branchCatalog!, mode: "rest" as const } };

  it("creates a view with the branch catalog and the view's schema as session; a model's other statements run in the branch catalog and the target's schema", async () => {
    const spec = {
      models: [
        model("t", "select 1 as id", { materialized: "table" }),
        model("v", "select * from {{ ref('t') }}", { materialized: "view", schema: "silver" }),
      ],
    };
    const { engine, result } = await run(spec, snapshotAnswer, {}, rest);
    expect(result.success).toBe(true);
    const view = engine.statements.find((s) => s.sql.startsWith("CREATE OR REPLACE VIEW"))!;
    expect(view).toEqual({
      sql: `CREATE OR REPLACE VIEW "lake__dev"."analytics_silver"."v" AS\nselect * from "analytics"."t"`,
      catalog: "lake__dev",
      schema: "analytics_silver",
    });
    const table = engine.statements.find((s) => s.sql.startsWith("CREATE OR REPLACE TABLE"))!;
    expect(table).toMatchObject({ catalog: "lake__dev", schema: "analytics" });
  });

  it("reports the plan's warnings as events before the setup", async () => {
    const { events } = await run(
      { models: [model("t", "select 1 as id", { materialized: "table", location: "s3://gold/t" })] },
      snapshotAnswer,
      {},
      rest,
    );
    expect(events[0]).toMatchObject({
      kind: "warning",
      warning: { code: "TF422", location: { file: "models/t.sql" } },
    });
    expect(events[1]?.kind).toBe("setup");
  });
});

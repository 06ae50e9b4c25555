import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseProject } from "../../src/render/parse-project.js";
import { runTests } from "../../src/testing/run-tests.js";
import { genericTest, model, project, runContext, singularTest, target } from "../render/project-builder.js";
import { failingRows, ScriptedEngine } from "./scripted-engine.js";

async function shop(storeFailures = false) {
  const root = await mkdtemp(join(tmpdir(), "tform-runtests-"));
  const p = project({
    models: [model("orders", "select 1 as id", { materialized: "table" })],
    tests: [
      genericTest("not_null", "model.shop.orders", {}, "id"),
      genericTest("unique", "model.shop.orders", {}, "id", { store_failures: storeFailures }),
      singularTest("no_negative", "select * from {{ ref('orders') }} where id < 0"),
    ],
  });
  return parseProject({ ...p, root }, target, { cache: false });
}

describe("runTests", () => {
  it("runs every selected test on the run's catalog and counts outcomes", async () => {
    const parsed = await shop();
    const engine = new ScriptedEngine((sql) => failingRows(sql.includes("count(*) > 1") ? 2 : 0));
    const seen: string[] = [];
    const summary = await runTests({
      parsed,
      engine,
      testIds: ["test.shop.not_null_orders_id", "test.shop.unique_orders_id", "test.shop.no_negative"],
      run: runContext,
      storeFailuresAllowed: true,
      threads: 2,
      onResult: (r) => seen.push(r.uniqueId),
    });
    expect(summary.counts).toMatchObject({ pass: 2, fail: 1, error: 0 });
    expect(summary.passed).toBe(false);
    expect(summary.complete).toBe(true);
    expect(seen).toHaveLength(3);
    expect(engine.statements.every((s) => s.includes('"lake_dev"'))).toBe(true);
    expect(summary.results.map((r) => r.uniqueId)).toEqual([
      "test.shop.not_null_orders_id",
      "test.shop.unique_orders_id",
      "test.shop.no_negative",
    ]);
  });

  it("marks a run of some tests as incomplete", async () => {
    const summary = await runTests({
      parsed: await shop(),
      engine: new ScriptedEngine(() => failingRows(0)),
      testIds: ["test.shop.no_negative"],
      run: runContext,
      storeFailuresAllowed: true,
    });
    expect(summary).toMatchObject({ passed: true, complete: false });
  });

  it("never stores failures when the run is on main, and says so", async () => {
    const engine = new ScriptedEngine(() => failingRows(0));
    const summary = await runTests({
      parsed: await shop(true),
      engine,
      testIds: ["test.shop.unique_orders_id"],
      run: runContext,
      storeFailuresAllowed: false,
    });
    expect(engine.statements.some((s) => s.startsWith("create"))).toBe(false);
    expect(summary.results[0]!.message).toContain("never on main");
  });

  it("stores failures on a branch for tests configured with store_failures", async () => {
    const engine = new ScriptedEngine(() => failingRows(0));
    await runTests({
      parsed: await shop(true),
      engine,
      testIds: ["test.shop.unique_orders_id"],
      run: runContext,
      storeFailuresAllowed: true,
    });
    expect(
      engine.statements.some((s) => /^create or replace table "lake_dev"\."analytics_dbt_test__audit"\./.test(s)),
    ).toBe(true);
  });
});

describe("dropStaleFailureTables", () => {
  it("drops audit tables and schemas on the branch and nothing else", async () => {
    const { MemoryCatalog } = await import("../../src/catalog/memory-catalog.js");
    const { dropStaleFailureTables } = await import("../../src/testing/stale-failure-tables.js");
    const catalog = new MemoryCatalog();
    await catalog.createBranch("dev", (await catalog.getReference("main"))!);
    catalog.commit("dev", [{ kind: "put", key: ["analytics_dbt_test__audit"], content: { kind: "NAMESPACE" } }]);
    catalog.putTables("dev", "analytics_dbt_test__audit.unique_orders_id", "silver.orders");
    const engine = new ScriptedEngine();
    const dropped = await dropStaleFailureTables({ catalog, engine, branch: "dev", trinoCatalog: "lake_dev" });
    expect(dropped).toEqual(["analytics_dbt_test__audit.unique_orders_id", "analytics_dbt_test__audit"]);
    expect(engine.statements).toEqual([
      'drop table if exists "lake_dev"."analytics_dbt_test__audit"."unique_orders_id"',
      'drop schema if exists "lake_dev"."analytics_dbt_test__audit"',
    ]);
  });
});

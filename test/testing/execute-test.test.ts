import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecutionError } from "../../src/errors.js";
import type { CompiledNode } from "../../src/render/types.js";
import { executeTest } from "../../src/testing/execute-test.js";
import { baseConfig } from "../render/project-builder.js";
import { failingRows, ScriptedEngine } from "./scripted-engine.js";

const compiled = (over: Partial<CompiledNode["config"]> = {}): CompiledNode => ({
  uniqueId: "test.shop.unique_orders_id",
  compiledSql: "select id from lake_dev.silver.orders group by id having count(*) > 1 -- dupes\n;",
  compiledPath: "target/compiled/shop/models/schema.yml/unique_orders_id.sql",
  relation: { database: "lake_dev", schema: "analytics_dbt_test__audit", identifier: "unique_orders_id" },
  config: baseConfig({ materialized: "test", ...over }),
});

describe("executeTest", () => {
  it("counts failing rows and samples them in one statement, and writes the compiled SQL", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-test-"));
    const engine = new ScriptedEngine(() => failingRows(12));
    const r = await executeTest({ engine, compiled: compiled(), projectRoot: root });
    expect(engine.statements).toHaveLength(1);
    expect(engine.statements[0]).toMatch(/count\(\*\) over \(\)/);
    expect(engine.statements[0]).toMatch(/-- dupes\n\) as dbt_internal_test limit 5$/);
    expect(r).toMatchObject({ status: "fail", failures: 12, severity: "error" });
    expect(r.sampleRows).toHaveLength(5);
    expect(r.sampleRows[0]).toEqual({ id: 1 });
    expect(await readFile(join(root, compiled().compiledPath), "utf8")).toContain("having count(*) > 1");
  });

  it("counts failures with the test's fail_calc, as dbt's (dbt_utils' equality sets one)", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-test-"));
    const engine = new ScriptedEngine((sql) =>
      sql.startsWith("select sum(") ? { columns: [{ name: "_col0", type: "bigint" }], rows: [[40]] } : failingRows(3),
    );
    const r = await executeTest({ engine, compiled: compiled({ fail_calc: "sum(n_records)" }), projectRoot: root });
    expect(engine.statements[1]).toMatch(/^select sum\(n_records\) from \(\n.*\n\) as dbt_internal_test$/s);
    expect(r).toMatchObject({ status: "fail", failures: 40 });
    const plain = new ScriptedEngine(() => failingRows(3));
    await executeTest({ engine: plain, compiled: compiled({ fail_calc: "count(*)" }), projectRoot: root });
    expect(plain.statements).toHaveLength(1);
  });

  it("passes with no failing rows and warns under severity warn", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-test-"));
    expect(
      (await executeTest({ engine: new ScriptedEngine(() => failingRows(0)), compiled: compiled(), projectRoot: root }))
        .status,
    ).toBe("pass");
    expect(
      (
        await executeTest({
          engine: new ScriptedEngine(() => failingRows(2)),
          compiled: compiled({ severity: "warn" }),
          projectRoot: root,
        })
      ).status,
    ).toBe("warn");
  });

  it("applies config limit to the failing rows before counting", async () => {
    const engine = new ScriptedEngine(() => failingRows(0));
    await executeTest({
      engine,
      compiled: compiled({ limit: 100 }),
      projectRoot: await mkdtemp(join(tmpdir(), "tform-test-")),
    });
    expect(engine.statements[0]).toContain(") as dbt_limited limit 100");
  });

  it("stores failing rows in the audit schema of the run's catalog, creating the schema once", async () => {
    const engine = new ScriptedEngine((sql) => (sql.startsWith("select") ? failingRows(1) : { columns: [], rows: [] }));
    const createdSchemas = new Set<string>();
    const root = await mkdtemp(join(tmpdir(), "tform-test-"));
    const r = await executeTest({
      engine,
      compiled: compiled(),
      projectRoot: root,
      storeFailures: true,
      createdSchemas,
    });
    await executeTest({ engine, compiled: compiled(), projectRoot: root, storeFailures: true, createdSchemas });
    expect(engine.statements[0]).toBe('create schema if not exists "lake_dev"."analytics_dbt_test__audit"');
    expect(engine.statements[1]).toMatch(
      /^create or replace table "lake_dev"."analytics_dbt_test__audit"."unique_orders_id" as\n/,
    );
    expect(engine.statements[2]).toContain(
      'from (\nselect * from "lake_dev"."analytics_dbt_test__audit"."unique_orders_id"\n)',
    );
    expect(engine.statements.filter((s) => s.startsWith("create schema"))).toHaveLength(1);
    expect(r.storedFailuresIn).toBe('"lake_dev"."analytics_dbt_test__audit"."unique_orders_id"');
  });

  it("turns an engine error into an error result that names the test", async () => {
    const engine = new ScriptedEngine(() => new ExecutionError("TF501", "Table 'silver.orders' does not exist"));
    const r = await executeTest({
      engine,
      compiled: compiled(),
      projectRoot: await mkdtemp(join(tmpdir(), "tform-test-")),
    });
    expect(r.status).toBe("error");
    expect(r.error?.node).toBe("test.shop.unique_orders_id");
    expect(r.message).toContain("does not exist");
  });
});

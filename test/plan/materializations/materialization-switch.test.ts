import { describe, expect, it } from "vitest";
import { incrementalStatements } from "../../../src/plan/materializations/incremental.js";
import type { MaterializationInput } from "../../../src/plan/materializations/materialization-input.js";
import { tableStatements } from "../../../src/plan/materializations/table.js";
import { viewStatements } from "../../../src/plan/materializations/view.js";
import type { ExistingRelation, PlannedStatement } from "../../../src/plan/plan.js";
import type { NodeConfig } from "../../../src/project/types.js";

const input = (materialized: string, existing: ExistingRelation | undefined): MaterializationInput => ({
  compiled: {
    uniqueId: "model.p.swappable",
    compiledSql: "select 1 as id",
    compiledPath: "target/compiled/p/models/swappable.sql",
    relation: { database: "iceberg__dev", schema: "analytics", identifier: "swappable" },
    config: { enabled: true, materialized, tags: [], pre_hook: [], post_hook: [] } satisfies NodeConfig,
  },
  file: "models/swappable.sql",
  ...(existing ? { existing } : {}),
  fullRefresh: false,
  engine: { dynamicCatalogs: true, createOrReplaceTable: true },
  catalogMode: "rest",
});
const sqlOf = (statements: readonly PlannedStatement[]): string[] =>
  statements.map((s) => (s.kind === "sql" ? s.sql.split("\n")[0]! : s.kind));
const REL = `"iceberg__dev"."analytics"."swappable"`;

/** dbt replaces a relation of another type when a model's materialization changes (dbt-tests-adapter test_base). */
describe("a model switched to another materialization replaces what stands there", () => {
  it("table over a view: drops the view, then creates the table", () => {
    expect(sqlOf(tableStatements(input("table", "view")))).toEqual([
      `DROP VIEW IF EXISTS ${REL}`,
      `CREATE OR REPLACE TABLE ${REL} AS`,
    ]);
    expect(sqlOf(tableStatements(input("table", "table")))).toEqual([`CREATE OR REPLACE TABLE ${REL} AS`]);
  });

  it("view over a table: drops the table, then creates the view", () => {
    expect(sqlOf(viewStatements(input("view", "table")))).toEqual([
      `DROP TABLE IF EXISTS ${REL}`,
      `CREATE OR REPLACE VIEW ${REL} AS`,
    ]);
    expect(sqlOf(viewStatements(input("view", "view")))).toEqual([`CREATE OR REPLACE VIEW ${REL} AS`]);
  });

  it("incremental over a view builds the table afresh instead of inserting into the view", () => {
    const plan = incrementalStatements(input("incremental", "view"));
    expect(plan.mode).toBe("create");
    expect(sqlOf(plan.statements)).toEqual([`DROP VIEW IF EXISTS ${REL}`, `CREATE OR REPLACE TABLE ${REL} AS`]);
    expect(incrementalStatements(input("incremental", "table")).mode).toBe("append");
  });

  it("an unknown incremental strategy names the strategy macro dbt would look for", () => {
    const bad = { ...input("incremental", "table") };
    const withStrategy: MaterializationInput = {
      ...bad,
      compiled: { ...bad.compiled, config: { ...bad.compiled.config, incremental_strategy: "bad_strategy" } },
    };
    expect(() => incrementalStatements(withStrategy)).toThrow(
      /could not find an incremental strategy macro with the name "get_incremental_bad_strategy_sql"/,
    );
  });
});

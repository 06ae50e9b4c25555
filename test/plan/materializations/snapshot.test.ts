/** The SQL of snapshots: the first run's CREATE TABLE, later runs' one MERGE (sent through a recording engine), config checks. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RecordingEngine } from "../../../src/engine/recording-engine.js";
import { DEFAULT_RETRY } from "../../../src/execute/commit-retry.js";
import { COLUMN_SEPARATOR } from "../../../src/plan/materializations/incremental-write-sql.js";
import type { MaterializationInput } from "../../../src/plan/materializations/materialization-input.js";
import { snapshotStatements } from "../../../src/plan/materializations/snapshot.js";
import { runNodeStep } from "../../../src/execute/run-node-step.js";
import type { MaterializeStep } from "../../../src/plan/plan.js";
import type { NodeConfig } from "../../../src/project/types.js";

const config = (over: Partial<NodeConfig>): NodeConfig => ({
  enabled: true,
  materialized: "snapshot",
  tags: [],
  pre_hook: [],
  post_hook: [],
  unique_key: "id",
  ...over,
});
const relation = { database: "lake__dev", schema: "snapshots", identifier: "orders_snap" };
const input = (over: Partial<NodeConfig>, existing?: "table" | "view"): MaterializationInput => ({
  compiled: {
    uniqueId: "snapshot.p.orders_snap",
    compiledSql: "\n  select * from src\n",
    compiledPath: "target/compiled/p/snapshots/orders.sql",
    relation,
    config: config(over),
  },
  file: "snapshots/orders.sql",
  ...(existing ? { existing } : {}),
  fullRefresh: false,
  engine: { dynamicCatalogs: true, createOrReplaceTable: true },
});
const T = `"lake__dev"."snapshots"."orders_snap"`;
const hash = (...args: string[]): string =>
  `lower(to_hex(md5(to_utf8(concat(${args.map((a) => `coalesce(cast(${a} as varchar), '')`).join(", '|', ")})))))`;

/** Runs a merge step against a table (id, status, updated_at + dbt columns) and a query with these columns. */
async function runMerge(over: Partial<NodeConfig>, queryColumns = ["id", "status", "updated_at"]): Promise<string[]> {
  const tableColumns = ["id", "status", "updated_at", "dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to"];
  const col = (name: string): { name: string; type: string } => ({
    name,
    type:
      name.includes("updated_at") || name.includes("valid") ? "timestamp(6)" : name === "id" ? "integer" : "varchar",
  });
  const engine = new RecordingEngine({
    answer: (sql) =>
      sql.includes(COLUMN_SEPARATOR)
        ? { columns: [...tableColumns, COLUMN_SEPARATOR, ...queryColumns].map(col), rows: [] }
        : undefined,
  });
  const plan = snapshotStatements(input(over, "table"));
  const compiled = input(over).compiled;
  const step: MaterializeStep = {
    kind: "materialize",
    uniqueId: compiled.uniqueId,
    name: "orders_snap",
    file: "snapshots/orders.sql",
    materialization: "snapshot",
    mode: plan.mode,
    relation,
    compiled,
    statements: plan.statements,
  };
  const result = await runNodeStep(step, {
    engine,
    projectRoot: mkdtempSync(join(tmpdir(), "tform-snap-")),
    retry: DEFAULT_RETRY,
    snapshotIds: false,
  });
  expect(result.error).toBeUndefined();
  return engine.sql;
}

describe("snapshot planning and SQL", () => {
  it("creates the table on the first run from the query plus dbt-trino's scd id and validity columns", () => {
    const plan = snapshotStatements(input({ strategy: "timestamp", updated_at: "updated_at" }));
    expect(plan.mode).toBe("create");
    expect(plan.statements).toEqual([
      {
        kind: "sql",
        purpose: "create the snapshot table (first run)",
        sql: [
          `CREATE TABLE ${T} AS`,
          "SELECT *,",
          `  ${hash("id", "updated_at")} AS "dbt_scd_id",`,
          `  updated_at AS "dbt_updated_at",`,
          `  updated_at AS "dbt_valid_from",`,
          `  coalesce(nullif(updated_at, updated_at), null) AS "dbt_valid_to"`,
          "FROM (\nselect * from src\n) AS tform_snapshot_query",
        ].join("\n"),
      },
    ]);
  });

  it("versions check-strategy rows by the snapshot time, with renamed columns, dbt_valid_to_current and dbt_is_deleted for new_record", () => {
    const sql = snapshotStatements(
      input({
        strategy: "check",
        check_cols: ["status"],
        unique_key: ["id", "region"],
        hard_deletes: "new_record",
        dbt_valid_to_current: "timestamp '9999-12-31'",
        snapshot_meta_column_names: { dbt_valid_to: "valid_until" },
      }),
    ).statements[0];
    const text = sql?.kind === "sql" ? sql.sql : "";
    expect(text).toContain(`${hash("id", "region", "current_timestamp")} AS "dbt_scd_id"`);
    expect(text).toContain(
      `coalesce(nullif(current_timestamp, current_timestamp), timestamp '9999-12-31') AS "valid_until",\n  'False' AS "dbt_is_deleted"`,
    );
  });

  it("sends one column query and one MERGE on a later run; nothing else", async () => {
    const sql = await runMerge({ strategy: "timestamp", updated_at: "updated_at" });
    expect(sql).toHaveLength(2);
    expect(sql[0]).toBe(
      `SELECT t.*, NULL AS ${COLUMN_SEPARATOR}, n.* FROM ${T} AS t CROSS JOIN (\nselect * from src\n) AS n WHERE false`,
    );
    const merge = sql[1]!;
    expect(merge.split("\n")[0]).toBe(`MERGE INTO ${T} AS tform_dest`);
    expect(merge).toContain(
      `SELECT *, id AS tform_key_1, updated_at AS tform_updated_at, ${hash("id", "updated_at")} AS tform_scd_id`,
    );
    expect(merge).toContain(`tform_current AS (SELECT *, id AS tform_key_1 FROM ${T} WHERE "dbt_valid_to" IS NULL)`);
    // a row changed when its timestamp moved past the current version's
    expect(merge).toContain(`WHERE c.tform_key_1 IS NULL OR c."dbt_valid_from" < s.tform_updated_at`);
    expect(merge).not.toContain("SELECT 'delete'");
    expect(merge).toContain(
      `ON tform_new.tform_scd_id = tform_dest."dbt_scd_id"\nWHEN MATCHED AND tform_dest."dbt_valid_to" IS NULL AND tform_new.tform_change IN ('update', 'delete')\n  THEN UPDATE SET "dbt_valid_to" = tform_new.tform_valid_to`,
    );
    expect(merge).toContain(
      `THEN INSERT ("id", "status", "updated_at", "dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to")`,
    );
  });

  it("adds the query's new columns first, and a new column counts as a change for check_cols", async () => {
    const sql = await runMerge({ strategy: "check", check_cols: "all", hard_deletes: "invalidate" }, [
      "id",
      "status",
      "updated_at",
      "region",
    ]);
    expect(sql.slice(1, 2)).toEqual([`ALTER TABLE ${T} ADD COLUMN "region" varchar`]);
    expect(sql[2]).toContain("WHERE c.tform_key_1 IS NULL OR TRUE");
    // invalidate: keys gone from the query close their current row at the snapshot time
    expect(sql[2]).toContain(
      `SELECT 'delete', c."dbt_scd_id", NULL, NULL, NULL, NULL, CAST(current_timestamp AS timestamp(6))`,
    );
  });

  it("compares the checked columns null-safely, and new_record inserts a deletion record", async () => {
    const sql = await runMerge({ strategy: "check", check_cols: ["status"], hard_deletes: "new_record" });
    expect(sql[1]).toBe(`ALTER TABLE ${T} ADD COLUMN "dbt_is_deleted" varchar`);
    const merge = sql[2]!;
    expect(merge).toContain(`(c."status" IS DISTINCT FROM s."status") OR c."dbt_is_deleted" = 'True'`);
    expect(merge).toContain(
      `SELECT 'insert', ${hash(`c."dbt_scd_id"`, "CAST(current_timestamp AS timestamp(6))")}, c."id", c."status", c."updated_at"`,
    );
    expect(merge).toContain(`WHERE s.tform_key_1 IS NULL AND c."dbt_is_deleted" IS DISTINCT FROM 'True'`);
  });

  it("refuses what dbt refuses, naming the file", () => {
    const refuse = (over: Partial<NodeConfig>, code: string, existing?: "view") =>
      expect(() => snapshotStatements(input(over, existing))).toThrow(
        expect.objectContaining({ code, location: { file: "snapshots/orders.sql" } }),
      );
    refuse({}, "TF412");
    refuse({ strategy: "newest" }, "TF412");
    refuse({ strategy: "timestamp" }, "TF411");
    refuse({ strategy: "check" }, "TF411");
    refuse({ strategy: "check", check_cols: "status" }, "TF411");
    refuse({ strategy: "timestamp", updated_at: "u", unique_key: undefined }, "TF414");
    refuse(
      { strategy: "timestamp", updated_at: "u", hard_deletes: "invalidate", invalidate_hard_deletes: true },
      "TF411",
    );
    refuse({ strategy: "timestamp", updated_at: "u", properties: { location: "'s3://x'" } }, "TF411");
    refuse({ strategy: "timestamp", updated_at: "u" }, "TF420", "view");
  });
});

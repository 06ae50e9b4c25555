import { describe, expect, it } from "vitest";
import { incrementalStatements } from "../../../src/plan/materializations/incremental.js";
import {
  columnsQuery,
  incrementalWriteSql,
  schemaChangeStatements,
  splitColumns,
  COLUMN_SEPARATOR,
} from "../../../src/plan/materializations/incremental-write-sql.js";
import type { MaterializationInput } from "../../../src/plan/materializations/materialization-input.js";
import type { IncrementalWrite, PlannedStatement } from "../../../src/plan/plan.js";
import type { NodeConfig } from "../../../src/project/types.js";

const config = (over: Partial<NodeConfig>): NodeConfig => ({
  enabled: true,
  materialized: "incremental",
  tags: [],
  pre_hook: [],
  post_hook: [],
  ...over,
});
const input = (over: Partial<NodeConfig>, exists = true, fullRefresh = false): MaterializationInput => ({
  compiled: {
    uniqueId: "model.p.events",
    compiledSql: "select * from src;",
    compiledPath: "target/compiled/p/models/events.sql",
    relation: { database: "lake__dev", schema: "gold", identifier: "events" },
    config: config(over),
  },
  file: "models/events.sql",
  ...(exists ? { existing: "table" as const } : {}),
  fullRefresh,
  engine: { dynamicCatalogs: true, createOrReplaceTable: true },
});
const writeOf = (statements: readonly PlannedStatement[]): IncrementalWrite =>
  (statements.find((s) => s.kind === "incremental-write") as { write: IncrementalWrite }).write;

describe("incremental planning", () => {
  it("builds the table on the first run and on --full-refresh", () => {
    expect(incrementalStatements(input({}, false)).mode).toBe("create");
    const full = incrementalStatements(input({ partitioning: ["ds"] }, true, true));
    expect(full.mode).toBe("create");
    expect(full.statements).toHaveLength(1);
    expect(full.statements[0]).toMatchObject({
      kind: "sql",
      sql: expect.stringMatching(
        /^CREATE OR REPLACE TABLE "lake__dev"."gold"."events" WITH \(partitioning = ARRAY\['ds'\]\) AS\nselect \* from src$/,
      ),
    });
  });

  it("a model's full_refresh: false wins over the --full-refresh flag", () => {
    expect(incrementalStatements(input({ full_refresh: false }, true, true)).mode).toBe("append");
  });

  it("appends by default, reading the new rows inline", () => {
    const plan = incrementalStatements(input({}));
    expect(plan.mode).toBe("append");
    expect(plan.statements).toHaveLength(1);
    expect(writeOf(plan.statements).source).toBe("(\nselect * from src\n)");
  });

  it("stages the new rows once for insert_overwrite and drops them after", () => {
    const plan = incrementalStatements(
      input({ incremental_strategy: "insert_overwrite", properties: { partitioning: "ARRAY['ds', 'hr']" } }),
    );
    expect(plan.statements.map((s) => (s.kind === "sql" ? s.sql.split("\n")[0] : s.kind))).toEqual([
      `CREATE OR REPLACE TABLE "lake__dev"."gold"."events__tform_tmp" AS`,
      "incremental-write",
      `DROP TABLE IF EXISTS "lake__dev"."gold"."events__tform_tmp"`,
    ]);
    expect(writeOf(plan.statements).partitionExpressions).toEqual([`"ds"`, `"hr"`]);
  });

  it("names the staging table after the run, so a DROP never removes a folder another branch holds", () => {
    const plan = incrementalStatements({
      ...input({ incremental_strategy: "delete+insert", unique_key: "id" }),
      invocationId: "3F2A9C10-77aa-4e",
    });
    expect(writeOf(plan.statements).source).toBe(`"lake__dev"."gold"."events__tform_tmp_3f2a9c10"`);
  });

  it("refuses merge without unique_key and insert_overwrite without partitioning, naming the file", () => {
    expect(() => incrementalStatements(input({ incremental_strategy: "merge" }))).toThrow(
      expect.objectContaining({ code: "TF414", location: { file: "models/events.sql" } }),
    );
    expect(() => incrementalStatements(input({ incremental_strategy: "insert_overwrite" }))).toThrow(
      expect.objectContaining({ code: "TF413" }),
    );
    expect(() => incrementalStatements(input({ incremental_strategy: "upsert" }))).toThrow(
      expect.objectContaining({ code: "TF412" }),
    );
    expect(() => incrementalStatements(input({ on_schema_change: "explode" }))).toThrow(
      expect.objectContaining({ code: "TF418" }),
    );
  });

  it("maps Iceberg's temporal transforms to the partition each row falls in", () => {
    const plan = incrementalStatements(
      input({ incremental_strategy: "insert_overwrite", partitioning: ["day(ts)", "region"] }),
    );
    expect(writeOf(plan.statements).partitionExpressions).toEqual([`date_trunc('day', "ts")`, `"region"`]);
    expect(() =>
      incrementalStatements(input({ incremental_strategy: "insert_overwrite", partitioning: ["bucket(16, id)"] })),
    ).toThrow(expect.objectContaining({ code: "TF413" }));
  });
});

const write = (over: Partial<IncrementalWrite>): IncrementalWrite => ({
  strategy: "append",
  target: `"c"."s"."t"`,
  source: `"c"."s"."t__tform_tmp"`,
  uniqueKey: [],
  partitionExpressions: [],
  onSchemaChange: "ignore",
  ...over,
});

describe("incremental write SQL", () => {
  it("merge matches on every unique_key column, updates the others and inserts new keys", () => {
    const [sql] = incrementalWriteSql(write({ strategy: "merge", uniqueKey: ["ds", "id"], source: "(\nselect 1\n)" }), [
      "ds",
      "id",
      "amount",
    ]);
    expect(sql).toBe(
      [
        `MERGE INTO "c"."s"."t" AS tform_dest`,
        `USING (\nselect 1\n) AS tform_new`,
        `ON tform_dest."ds" = tform_new."ds" AND tform_dest."id" = tform_new."id"`,
        `WHEN MATCHED THEN UPDATE SET "amount" = tform_new."amount"`,
        `WHEN NOT MATCHED THEN INSERT ("ds", "id", "amount") VALUES (tform_new."ds", tform_new."id", tform_new."amount")`,
      ].join("\n"),
    );
  });

  it("insert_overwrite deletes only the partitions the new rows touch, then inserts them", () => {
    const sqls = incrementalWriteSql(write({ strategy: "insert_overwrite", partitionExpressions: [`"ds"`, `"hr"`] }), [
      "ds",
      "hr",
      "v",
    ]);
    expect(sqls).toEqual([
      `DELETE FROM "c"."s"."t" WHERE ("ds", "hr") IN (SELECT DISTINCT "ds", "hr" FROM "c"."s"."t__tform_tmp")`,
      `INSERT INTO "c"."s"."t" ("ds", "hr", "v")\nSELECT "ds", "hr", "v" FROM "c"."s"."t__tform_tmp" AS tform_new`,
    ]);
  });

  it("delete+insert deletes the rows whose key comes again", () => {
    expect(incrementalWriteSql(write({ strategy: "delete+insert", uniqueKey: ["id"] }), ["id", "v"])[0]).toBe(
      `DELETE FROM "c"."s"."t" WHERE "id" IN (SELECT "id" FROM "c"."s"."t__tform_tmp")`,
    );
  });

  it("reads both column lists with one statement that scans nothing", () => {
    expect(columnsQuery(write({}))).toBe(
      `SELECT t.*, NULL AS ${COLUMN_SEPARATOR}, n.* FROM "c"."s"."t" AS t CROSS JOIN "c"."s"."t__tform_tmp" AS n WHERE false`,
    );
    const cols = [
      { name: "a", type: "integer" },
      { name: COLUMN_SEPARATOR, type: "unknown" },
      { name: "a", type: "integer" },
      { name: "b", type: "varchar" },
    ];
    expect(splitColumns(cols)).toEqual({
      target: [{ name: "a", type: "integer" }],
      incoming: [
        { name: "a", type: "integer" },
        { name: "b", type: "varchar" },
      ],
    });
  });
});

describe("on_schema_change", () => {
  const target = [
    { name: "id", type: "integer" },
    { name: "old", type: "varchar" },
  ];
  const incoming = [
    { name: "id", type: "bigint" },
    { name: "extra", type: "double" },
  ];
  it("ignore writes the common columns only", () => {
    expect(schemaChangeStatements(write({}), target, incoming, "m")).toEqual({ statements: [], columns: ["id"] });
  });
  it("fail names what changed", () => {
    expect(() => schemaChangeStatements(write({ onSchemaChange: "fail" }), target, incoming, "m")).toThrow(
      /added extra double; removed old varchar; changed type id bigint/,
    );
  });
  it("append_new_columns adds the new columns", () => {
    expect(schemaChangeStatements(write({ onSchemaChange: "append_new_columns" }), target, incoming, "m")).toEqual({
      statements: [`ALTER TABLE "c"."s"."t" ADD COLUMN "extra" double`],
      columns: ["id", "extra"],
    });
  });
  it("sync_all_columns adds, drops and retypes", () => {
    expect(
      schemaChangeStatements(write({ onSchemaChange: "sync_all_columns" }), target, incoming, "m").statements,
    ).toEqual([
      `ALTER TABLE "c"."s"."t" ADD COLUMN "extra" double`,
      `ALTER TABLE "c"."s"."t" DROP COLUMN "old"`,
      `ALTER TABLE "c"."s"."t" ALTER COLUMN "id" SET DATA TYPE bigint`,
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { seedStatements, SEED_BATCH_ROWS } from "../../../src/plan/materializations/seed.js";
import { inferColumnType } from "../../../src/plan/materializations/seed-types.js";
import type { NodeConfig } from "../../../src/project/types.js";

const config = (over: Partial<NodeConfig> = {}): NodeConfig => ({
  enabled: true,
  materialized: "seed",
  tags: [],
  pre_hook: [],
  post_hook: [],
  ...over,
});
const relation = { database: "lake__dev", schema: "bronze", identifier: "labels" };

describe("seed type inference (as dbt-trino)", () => {
  it.each([
    [["1", "2", ""], "integer"],
    [["1", "3000000000"], "bigint"],
    [["1", "2.5"], "double"],
    [["2024-01-01"], "date"],
    [["2024-01-01 10:00:00", "2024-01-02T11:30:00.123"], "timestamp"],
    [["true", "False"], "boolean"],
    [["1", "x"], "varchar"],
    [["", ""], "varchar"],
  ])("%j → %s", (values, type) => {
    expect(inferColumnType(values)).toBe(type);
  });
});

describe("seedStatements", () => {
  it("builds a small seed in one statement: rows as one JSON literal, cast once, empty cells NULL, column_types winning", () => {
    const plan = seedStatements({
      csvText: 'code,label,active\n01,Open,true\n02,"Closed, don\'t",false\n03,,\n',
      file: "seeds/labels.csv",
      relation,
      config: config({ column_types: { code: "varchar" } }),
    });
    expect(plan.rows).toBe(3);
    expect(plan.columns).toEqual([
      { name: "code", type: "varchar" },
      { name: "label", type: "varchar" },
      { name: "active", type: "boolean" },
    ]);
    expect(plan.statements).toHaveLength(1);
    expect(plan.statements[0]).toMatchObject({
      kind: "sql",
      sql: `CREATE OR REPLACE TABLE "lake__dev"."bronze"."labels" AS\nSELECT CAST(c0 AS varchar) AS "code", CAST(c1 AS varchar) AS "label", CAST(lower(c2) AS boolean) AS "active"\nFROM UNNEST(CAST(json_parse('[["01","Open","true"],\n["02","Closed, don''t","false"],\n["03",null,null]]') AS array(row(c0 varchar, c1 varchar, c2 varchar)))) AS t(c0, c1, c2)`,
    });
  });

  it("loads a large seed in big batches: one CREATE then INSERTs", () => {
    const rows = Array.from({ length: SEED_BATCH_ROWS * 2 + 5 }, (_, i) => `${i},name ${i}`).join("\n");
    const plan = seedStatements({ csvText: `id,name\n${rows}\n`, file: "seeds/big.csv", relation, config: config() });
    expect(plan.statements.map((s) => (s.kind === "sql" ? s.sql.split(" ").slice(0, 2).join(" ") : ""))).toEqual([
      "CREATE OR",
      "INSERT INTO",
      "INSERT INTO",
    ]);
    for (const s of plan.statements) expect(s.kind === "sql" && s.sql.length).toBeLessThan(1_000_000);
  });

  it("reports a ragged CSV with its file", () => {
    expect(() =>
      seedStatements({ csvText: "a,b\n1,2\n3\n", file: "seeds/bad.csv", relation, config: config() }),
    ).toThrow(expect.objectContaining({ code: "TF419", location: expect.objectContaining({ file: "seeds/bad.csv" }) }));
  });
});

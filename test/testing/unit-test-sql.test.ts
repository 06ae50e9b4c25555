/** The SQL text of a unit test's fixtures, expectation and comparison, as dbt's unit test macros write it for Trino. */
import { describe, expect, it } from "vitest";
import { ExecutionError } from "../../src/errors.js";
import { comparedColumns, diffSql, expectedSql, fixtureSql } from "../../src/testing/unit-test-sql.js";

const columns = [
  { name: "id", type: "bigint" },
  { name: "Name", type: "varchar(3)" },
  { name: "active", type: "boolean" },
];

describe("unit test SQL", () => {
  it("casts each value to its column's type, fills the columns a row leaves out with typed nulls, keeps long strings whole", () => {
    expect(fixtureSql([{ ID: 1, name: "alexandra" }, { active: true }], columns, "ref('c')", "u")).toBe(
      [
        `select try_cast(1 as bigint) as "id", try_cast('alexandra' as varchar) as "name", try_cast(null as boolean) as "active"`,
        "union all",
        `select try_cast(null as bigint) as "id", try_cast(null as varchar(3)) as "name", try_cast(true as boolean) as "active"`,
      ].join("\n"),
    );
  });

  it("gives an empty input its columns and no row, and an empty expectation the actual's columns", () => {
    expect(fixtureSql([], columns, "ref('c')", "u")).toBe(
      `select try_cast(null as bigint) as "id", try_cast(null as varchar(3)) as "name", try_cast(null as boolean) as "active"\nlimit 0`,
    );
    expect(expectedSql([], columns, "u")).toBe("select * from dbt_internal_unit_test_actual\nlimit 0");
    expect(comparedColumns({ format: "dict", rows: [] }, columns)).toEqual(["id", "name", "active"]);
    expect(comparedColumns({ format: "csv", rows: [{ ID: "1" }] }, columns)).toEqual(["id"]);
  });

  it("refuses a column the input does not have, listing the ones it has", () => {
    expect(() => fixtureSql([{ nope: 1 }], columns, "c", "u")).toThrow(ExecutionError);
    expect(() => fixtureSql([{ nope: 1 }], columns, "c", "u")).toThrow(
      "Invalid column name: 'nope' in unit test fixture for 'c'. Accepted columns for 'c' are: id, name, active.",
    );
  });

  it("compares both ways with EXCEPT ALL (duplicates count, order does not), '+' rows first", () => {
    const sql = diffSql("select 1 as id;", "select 2 as id", ["id"], 21);
    // a model's trailing ';' would end the statement early
    expect(sql).toContain(`select "id" from (\nselect 1 as id\n  )`);
    expect(sql).toContain(
      "select '+' as dbt_internal_unit_test_diff, * from (select * from dbt_internal_unit_test_actual except all select * from dbt_internal_unit_test_expected)",
    );
    expect(sql).toContain(
      "select '-' as dbt_internal_unit_test_diff, * from (select * from dbt_internal_unit_test_expected except all select * from dbt_internal_unit_test_actual)",
    );
    expect(sql.endsWith("order by dbt_internal_unit_test_diff\nlimit 21")).toBe(true);
  });
});

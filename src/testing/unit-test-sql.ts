/**
 * The SQL of a unit test, as dbt's unit test macros write it (get_fixture_sql, get_expected_sql, format_row) with
 * dbt-trino's safe_cast (try_cast): each fixture is a UNION ALL of literal rows typed by the columns of the relation
 * it stands in for, missing columns null; the comparison is EXCEPT ALL both ways on the expected columns, which
 * finds the rows dbt's order-insensitive diff reports, in one statement.
 */
import type { Column } from "../engine/engine.js";
import { quoteIdent, quoteRelation, sqlString } from "../engine/sql-text.js";
import { ExecutionError } from "../errors.js";
import type { Relation, UnitTestRows } from "../project/types.js";
import { injectCtes } from "../render/ephemeral-ctes.js";
import { ExecuteCode } from "../plan/plan-code.js";

export const ACTUAL_CTE = "dbt_internal_unit_test_actual";
export const EXPECTED_CTE = "dbt_internal_unit_test_expected";
/** the first column of the diff query: "+" a row the model returned that was not expected, "-" an expected row it did not return */
export const DIFF_COLUMN = "dbt_internal_unit_test_diff";

/** Reads a relation's columns and types without reading a row. */
export const columnsProbeSql = (relation: Relation): string => `select * from ${quoteRelation(relation)} where false`;

/** The model's query, for its result columns and types (Trino plans it without running it). */
export const queryProbeSql = (sql: string): string =>
  `select * from (\n${bare(sql)}\n) as dbt_internal_probe where false`;

const bare = (sql: string): string => sql.trim().replace(/;\s*$/, "").trimEnd();

/** A YAML value as the SQL literal dbt's format_row writes, cast to the column's type. */
function literal(value: unknown, type: string): string {
  if (value === null || value === undefined) return `try_cast(null as ${type})`;
  if (typeof value === "string")
    // dbt strips a string column's length so a longer fixture value is not cut (dbt-core GH-11974)
    return `try_cast(${sqlString(value)} as ${type.replace(/^(varchar|char)\(\d+\)$/i, "$1")})`;
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "bigint")
    return `try_cast(${String(value)} as ${type})`;
  return `try_cast(${sqlString(JSON.stringify(value))} as ${type})`;
}

/** column name (lower case) → its type, in the relation's order */
const typesOf = (columns: readonly Column[]): Map<string, string> =>
  new Map(columns.map((c) => [c.name.toLowerCase(), c.type]));

function checkColumns(
  row: Readonly<Record<string, unknown>>,
  types: ReadonlyMap<string, string>,
  what: string,
  node: string,
): void {
  for (const name of Object.keys(row))
    if (!types.has(name.toLowerCase()))
      throw new ExecutionError(
        ExecuteCode.unitTestUnknownColumn,
        `Invalid column name: '${name.toLowerCase()}' in unit test fixture for ${what}. Accepted columns for ${what} are: ${[...types.keys()].join(", ")}.`,
        { node, hint: "Name the columns as the relation (or the model's result) has them." },
      );
}

/** dbt's get_fixture_sql: every column of the relation in each row, the ones a row leaves out null. */
export function fixtureSql(
  rows: readonly Readonly<Record<string, unknown>>[],
  columns: readonly Column[],
  /** the input's name, as dbt's message gives it */
  input: string,
  node: string,
): string {
  const types = typesOf(columns);
  const select = (row: Readonly<Record<string, unknown>>): string => {
    const lower = new Map(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
    return `select ${[...types].map(([name, type]) => `${literal(lower.get(name), type)} as ${quoteIdent(name)}`).join(", ")}`;
  };
  for (const row of rows) checkColumns(row, types, `'${input}'`, node);
  if (rows.length === 0) return `${select({})}\nlimit 0`;
  return rows.map(select).join("\nunion all\n");
}

/** dbt's get_expected_sql: the expected rows with the actual result's types; no rows reads none of the actual's. */
export function expectedSql(
  rows: readonly Readonly<Record<string, unknown>>[],
  actual: readonly Column[],
  node: string,
): string {
  const types = typesOf(actual);
  for (const row of rows) checkColumns(row, types, "expected output", node);
  if (rows.length === 0) return `select * from ${ACTUAL_CTE}\nlimit 0`;
  return rows
    .map((row) => {
      const cols = Object.entries(row).map(
        ([k, v]) => `${literal(v, types.get(k.toLowerCase())!)} as ${quoteIdent(k.toLowerCase())}`,
      );
      return `select ${cols.join(", ")}`;
    })
    .join("\nunion all\n");
}

/** The column names compared: the expected rows' keys, or (no rows, or SQL) every column of the actual result. */
export function comparedColumns(expect: UnitTestRows, actual: readonly Column[]): string[] {
  const first = expect.format === "sql" ? undefined : expect.rows[0];
  return first ? Object.keys(first).map((k) => k.toLowerCase()) : actual.map((c) => c.name.toLowerCase());
}

/** The model's SQL with each fixture defined as a CTE of its name. */
export const actualSql = (modelSql: string, fixtures: readonly { name: string; sql: string }[]): string =>
  injectCtes(bare(modelSql), fixtures);

/** One statement: the rows only one side has, "+" (actual) before "-" (expected), at most `limit` of them. */
export function diffSql(actual: string, expected: string, columns: readonly string[], limit: number): string {
  const list = columns.map(quoteIdent).join(", ");
  return [
    `with ${ACTUAL_CTE} as (`,
    `  select ${list} from (\n${bare(actual)}\n  ) as dbt_internal_unit_test_actual_rows`,
    `),`,
    `${EXPECTED_CTE} as (`,
    `  select ${list} from (\n${bare(expected)}\n  ) as dbt_internal_unit_test_expected_rows`,
    `)`,
    `select * from (`,
    `  select '+' as ${DIFF_COLUMN}, * from (select * from ${ACTUAL_CTE} except all select * from ${EXPECTED_CTE}) as only_actual`,
    `  union all`,
    `  select '-' as ${DIFF_COLUMN}, * from (select * from ${EXPECTED_CTE} except all select * from ${ACTUAL_CTE}) as only_expected`,
    `) as dbt_internal_unit_test_diff_rows`,
    // "+" rows first, so a diff reads the same every run (only the sign: a column's type may not be orderable)
    `order by ${DIFF_COLUMN}`,
    `limit ${limit}`,
  ].join("\n");
}

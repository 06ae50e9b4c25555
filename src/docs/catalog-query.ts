/**
 * What one Trino catalog says about the tables of some schemas: one query over its information_schema (tables
 * and columns) and Trino's system.metadata.table_comments, as dbt-trino's get_catalog macro reads them.
 */
import type { Engine } from "../engine/engine.js";
import type { CatalogColumn } from "../artifacts/catalog-file.js";
import { quoteIdent, sqlString } from "../engine/sql-text.js";

export interface WarehouseTable {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly comment: string | null;
  readonly columns: CatalogColumn[];
}

export function catalogSql(database: string, schemas: readonly string[]): string {
  const inSchemas = schemas.map((s) => sqlString(s.toLowerCase())).join(", ");
  const db = quoteIdent(database);
  return [
    `with tables as (select table_schema, table_name, table_type from ${db}.information_schema.tables where table_schema in (${inSchemas})),`,
    `columns as (select table_schema, table_name, column_name, ordinal_position, data_type, comment from ${db}.information_schema.columns where table_schema in (${inSchemas})),`,
    `table_comment as (select schema_name as table_schema, table_name, comment from system.metadata.table_comments where catalog_name = ${sqlString(database)} and schema_name in (${inSchemas}))`,
    "select t.table_schema, t.table_name, t.table_type, tc.comment, c.column_name, c.ordinal_position, c.data_type, c.comment",
    "from tables t join columns c on c.table_schema = t.table_schema and c.table_name = t.table_name",
    "left join table_comment tc on tc.table_schema = t.table_schema and tc.table_name = t.table_name",
    "order by t.table_schema, t.table_name, c.ordinal_position",
  ].join("\n");
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** `schema.table` (lower case) → the table with its columns in order. */
export async function readCatalogTables(
  engine: Engine,
  database: string,
  schemas: readonly string[],
): Promise<Map<string, WarehouseTable>> {
  const result = await engine.execute(catalogSql(database, schemas));
  const tables = new Map<string, WarehouseTable>();
  for (const [schema, name, type, comment, column, index, dataType, columnComment] of result.rows) {
    const key = `${String(schema)}.${String(name)}`.toLowerCase();
    let table = tables.get(key);
    if (!table)
      tables.set(
        key,
        (table = {
          schema: String(schema),
          name: String(name),
          type: String(type),
          comment: text(comment),
          columns: [],
        }),
      );
    table.columns.push({
      type: String(dataType),
      index: Number(index),
      name: String(column),
      comment: text(columnComment),
    });
  }
  return tables;
}

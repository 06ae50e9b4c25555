/**
 * The SQL of an incremental write once the engine told us the columns of the table and of the new rows:
 * first what on_schema_change asks (ALTER TABLE …), then the write itself.
 */
import type { Column } from "../../engine/engine.js";
import { ExecutionError } from "../../errors.js";
import type { IncrementalWrite } from "../plan.js";
import { ExecuteCode } from "../plan-code.js";
import { quoteIdent } from "./sql-text.js";

/** Separates the table's columns from the new rows' in the one query that fetches both. */
export const COLUMN_SEPARATOR = "tform__new_columns__";

/** One cheap statement (planned, never scans: WHERE false) returning both column lists. */
export function columnsQuery(write: IncrementalWrite): string {
  return `SELECT t.*, NULL AS ${COLUMN_SEPARATOR}, n.* FROM ${write.target} AS t CROSS JOIN ${write.source} AS n WHERE false`;
}

export function splitColumns(columns: readonly Column[]): { target: Column[]; incoming: Column[] } {
  const at = columns.findIndex((c) => c.name === COLUMN_SEPARATOR);
  return { target: columns.slice(0, at), incoming: columns.slice(at + 1) };
}

export interface SchemaChange {
  readonly added: readonly Column[];
  readonly removed: readonly Column[];
  readonly retyped: readonly Column[];
}

export function schemaChange(target: readonly Column[], incoming: readonly Column[]): SchemaChange {
  const byName = (cols: readonly Column[]): Map<string, Column> => new Map(cols.map((c) => [c.name.toLowerCase(), c]));
  const t = byName(target);
  const n = byName(incoming);
  return {
    added: incoming.filter((c) => !t.has(c.name.toLowerCase())),
    removed: target.filter((c) => !n.has(c.name.toLowerCase())),
    retyped: incoming.filter((c) => t.has(c.name.toLowerCase()) && t.get(c.name.toLowerCase())!.type !== c.type),
  };
}

/** ALTER statements for on_schema_change, and the columns the write then carries. */
export function schemaChangeStatements(
  write: IncrementalWrite,
  target: readonly Column[],
  incoming: readonly Column[],
  node: string,
): { statements: string[]; columns: string[] } {
  const change = schemaChange(target, incoming);
  const names = (cols: readonly Column[]): string[] => cols.map((c) => c.name);
  const alter = `ALTER TABLE ${write.target}`;
  switch (write.onSchemaChange) {
    case "ignore":
      return { statements: [], columns: names(incoming.filter((c) => !change.added.includes(c))) };
    case "fail": {
      if (change.added.length + change.removed.length + change.retyped.length === 0)
        return { statements: [], columns: names(incoming) };
      const list = (label: string, cols: readonly Column[]): string =>
        cols.length ? `${label} ${cols.map((c) => `${c.name} ${c.type}`).join(", ")}` : "";
      throw new ExecutionError(
        ExecuteCode.schemaChanged,
        `The new rows' columns differ from ${write.target}: ${[list("added", change.added), list("removed", change.removed), list("changed type", change.retyped)].filter(Boolean).join("; ")}.`,
        {
          node,
          hint: "Set on_schema_change to append_new_columns or sync_all_columns, or rebuild the table with --full-refresh.",
        },
      );
    }
    case "append_new_columns":
      return {
        statements: change.added.map((c) => `${alter} ADD COLUMN ${quoteIdent(c.name)} ${c.type}`),
        columns: names(incoming),
      };
    case "sync_all_columns":
      return {
        statements: [
          ...change.added.map((c) => `${alter} ADD COLUMN ${quoteIdent(c.name)} ${c.type}`),
          ...change.removed.map((c) => `${alter} DROP COLUMN ${quoteIdent(c.name)}`),
          ...change.retyped.map((c) => `${alter} ALTER COLUMN ${quoteIdent(c.name)} SET DATA TYPE ${c.type}`),
        ],
        columns: names(incoming),
      };
  }
}

/** `(a, b) IN (SELECT a, b …)`: verified on Trino 476 (a ROW(…) of the subquery would nest a row in a row). */
const tuple = (exprs: readonly string[]): string => (exprs.length === 1 ? exprs[0]! : `(${exprs.join(", ")})`);

export function incrementalWriteSql(write: IncrementalWrite, columns: readonly string[]): string[] {
  const cols = columns.map(quoteIdent);
  const insert = `INSERT INTO ${write.target} (${cols.join(", ")})\nSELECT ${cols.join(", ")} FROM ${write.source} AS tform_new`;
  const keys = write.uniqueKey.map(quoteIdent);
  switch (write.strategy) {
    case "append":
      return [insert];
    case "merge": {
      const updates = cols.filter((c) => !keys.includes(c));
      return [
        [
          `MERGE INTO ${write.target} AS tform_dest`,
          `USING ${write.source} AS tform_new`,
          `ON ${keys.map((k) => `tform_dest.${k} = tform_new.${k}`).join(" AND ")}`,
          ...(updates.length
            ? [`WHEN MATCHED THEN UPDATE SET ${updates.map((c) => `${c} = tform_new.${c}`).join(", ")}`]
            : []),
          `WHEN NOT MATCHED THEN INSERT (${cols.join(", ")}) VALUES (${cols.map((c) => `tform_new.${c}`).join(", ")})`,
        ].join("\n"),
      ];
    }
    case "delete+insert":
      return [
        `DELETE FROM ${write.target} WHERE ${tuple(keys)} IN (SELECT ${keys.join(", ")} FROM ${write.source})`,
        insert,
      ];
    case "insert_overwrite": {
      const parts = tuple(write.partitionExpressions);
      return [
        `DELETE FROM ${write.target} WHERE ${parts} IN (SELECT DISTINCT ${write.partitionExpressions.join(", ")} FROM ${write.source})`,
        insert,
      ];
    }
  }
}

/**
 * Size and history of Iceberg tables from Trino's metadata tables: row counts and file sizes from `$files` (the data
 * files of the current snapshot), and the snapshots over time from `$snapshots`. Several tables go in one statement
 * (UNION ALL); a statement that fails (a table dropped meanwhile) is retried table by table so the others still count.
 */
import type { Engine } from "./engine.js";
import { quoteIdent, sqlString } from "./sql-text.js";

export interface StatsTable {
  readonly schema: string;
  readonly identifier: string;
}

export interface IcebergSnapshot {
  readonly snapshotId: string;
  readonly committedAt: string;
  readonly operation: string;
  readonly totalRecords?: number;
  readonly totalFilesSize?: number;
}

export interface IcebergTableStats {
  readonly rowCount: number;
  readonly bytes: number;
  readonly files: number;
  /** oldest first */
  readonly snapshots: readonly IcebergSnapshot[];
}

/** Tables per statement: Trino plans every metadata-table scan on its own, so a statement stays small. */
const CHUNK = 100;

const keyOf = (t: StatsTable): string => `${t.schema}.${t.identifier}`.toLowerCase();

const metadataTable = (catalog: string, t: StatsTable, suffix: string): string =>
  `${quoteIdent(catalog)}.${quoteIdent(t.schema)}.${quoteIdent(`${t.identifier}${suffix}`)}`;

const tag = (t: StatsTable): string => `${sqlString(t.schema)}, ${sqlString(t.identifier)}`;

/**
 * Iceberg's `content` of a file: data, or position deletes (what Trino's MERGE, UPDATE and DELETE write on a v2
 * table). Rows are the data files' records less the deleted positions; equality deletes, which Trino does not write,
 * cannot be counted without reading them and are left out.
 */
const DATA_FILE = 0;
const POSITION_DELETES = 1;

/** (schema, identifier, data files, rows, bytes of all files) of each table's current snapshot. */
export function filesStatsSql(catalog: string, tables: readonly StatsTable[]): string {
  return tables
    .map(
      (t) =>
        `SELECT ${tag(t)}, count_if(content = ${DATA_FILE}), coalesce(sum(CASE content WHEN ${DATA_FILE} THEN record_count WHEN ${POSITION_DELETES} THEN -record_count ELSE 0 END), 0), coalesce(sum(file_size_in_bytes), 0) FROM ${metadataTable(catalog, t, "$files")}`,
    )
    .join("\nUNION ALL\n");
}

/** (schema, identifier, snapshot id, committed at, operation, total records, total file size) per snapshot. */
export function snapshotsSql(catalog: string, tables: readonly StatsTable[]): string {
  return tables
    .map(
      (t) =>
        `SELECT ${tag(t)}, cast(snapshot_id AS varchar), cast(committed_at AS varchar), operation, element_at(summary, 'total-records'), element_at(summary, 'total-files-size') FROM ${metadataTable(catalog, t, "$snapshots")}`,
    )
    .join("\nUNION ALL\n");
}

async function rowsOf(
  engine: Engine,
  sqlFor: (tables: readonly StatsTable[]) => string,
  tables: readonly StatsTable[],
): Promise<(readonly unknown[])[]> {
  const out: (readonly unknown[])[] = [];
  for (let i = 0; i < tables.length; i += CHUNK) {
    const chunk = tables.slice(i, i + CHUNK);
    try {
      out.push(...(await engine.execute(sqlFor(chunk))).rows);
    } catch {
      // one table that cannot be read (a view, or dropped meanwhile) has no statistics; the rest of the chunk does
      if (chunk.length > 1) for (const t of chunk) out.push(...(await rowsOf(engine, sqlFor, [t])));
    }
  }
  return out;
}

const optionalNumber = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** `schema.identifier` (lower case) → statistics, for the tables that could be read. */
export async function readIcebergStats(
  engine: Engine,
  catalog: string,
  tables: readonly StatsTable[],
): Promise<Map<string, IcebergTableStats>> {
  const [files, snapshots] = await Promise.all([
    rowsOf(engine, (c) => filesStatsSql(catalog, c), tables),
    rowsOf(engine, (c) => snapshotsSql(catalog, c), tables),
  ]);
  const history = new Map<string, IcebergSnapshot[]>();
  for (const [schema, identifier, id, at, operation, records, size] of snapshots) {
    const key = keyOf({ schema: String(schema), identifier: String(identifier) });
    const list = history.get(key) ?? [];
    list.push({
      snapshotId: String(id),
      committedAt: String(at),
      operation: String(operation ?? ""),
      ...(optionalNumber(records) !== undefined ? { totalRecords: optionalNumber(records) } : {}),
      ...(optionalNumber(size) !== undefined ? { totalFilesSize: optionalNumber(size) } : {}),
    });
    history.set(key, list);
  }
  const out = new Map<string, IcebergTableStats>();
  for (const [schema, identifier, count, rows, bytes] of files) {
    const key = keyOf({ schema: String(schema), identifier: String(identifier) });
    const list = (history.get(key) ?? []).sort((a, b) => a.committedAt.localeCompare(b.committedAt));
    out.set(key, { files: Number(count), rowCount: Number(rows), bytes: Number(bytes), snapshots: list });
  }
  return out;
}

/**
 * The SQL of a snapshot (SCD type 2) after dbt-trino's macros: the first run creates the table from the query
 * plus dbt_scd_id, dbt_updated_at, dbt_valid_from and dbt_valid_to; later runs compute dbt's change rows
 * (insertions, updates, deletes, deletion records) inside the USING of one MERGE on dbt_scd_id. dbt-trino
 * stages those rows in a table first, then merges and drops it; the change rows read the table as it was before
 * the MERGE either way. scd ids hash as dbt-trino's, so a table dbt built goes on under tform.
 */
import type { Column } from "../../engine/engine.js";
import { ExecutionError } from "../../errors.js";
import type { SnapshotMerge } from "../plan.js";
import { ExecuteCode } from "../plan-code.js";
import { COLUMN_SEPARATOR } from "./incremental-write-sql.js";
import { quoteIdent } from "./sql-text.js";

/** trino__snapshot_hash_arguments */
const hash = (args: readonly string[]): string =>
  `lower(to_hex(md5(to_utf8(concat(${args.map((a) => `coalesce(cast(${a} as varchar), '')`).join(", '|', ")})))))`;

/** dbt's get_dbt_valid_to_current: NULL (or dbt_valid_to_current) typed as the version time. */
const currentValidTo = (m: Pick<SnapshotMerge, "validToCurrent">, updatedAt: string): string =>
  `coalesce(nullif(${updatedAt}, ${updatedAt}), ${m.validToCurrent ?? "null"})`;

const isCurrent = (m: Pick<SnapshotMerge, "validToCurrent">, validTo: string): string =>
  m.validToCurrent ? `(${validTo} = ${m.validToCurrent} OR ${validTo} IS NULL)` : `${validTo} IS NULL`;

export type SnapshotSpec = Omit<SnapshotMerge, "target" | "select" | "checkCols">;

/** The first run's SELECT: the query's rows as the first version of each. */
export function snapshotCreateSelect(m: SnapshotSpec, select: string): string {
  const c = m.columns;
  const u = m.updatedAt;
  return [
    `SELECT *,`,
    `  ${hash([...m.uniqueKey, u])} AS ${quoteIdent(c.scdId)},`,
    `  ${u} AS ${quoteIdent(c.updatedAt)},`,
    `  ${u} AS ${quoteIdent(c.validFrom)},`,
    `  ${currentValidTo(m, u)} AS ${quoteIdent(c.validTo)}${m.hardDeletes === "new_record" ? `,\n  'False' AS ${quoteIdent(c.isDeleted)}` : ""}`,
    `FROM (\n${select}\n) AS tform_snapshot_query`,
  ].join("\n");
}

/** One cheap statement (WHERE false: planned, never scanned) giving the table's and the query's columns. */
export const snapshotColumnsQuery = (m: SnapshotMerge): string =>
  `SELECT t.*, NULL AS ${COLUMN_SEPARATOR}, n.* FROM ${m.target} AS t CROSS JOIN (\n${m.select}\n) AS n WHERE false`;

/** ALTER TABLE for the query's new columns (dbt's create_columns), then the MERGE. */
export function snapshotMergeSql(
  m: SnapshotMerge,
  target: readonly Column[],
  incoming: readonly Column[],
  node: string,
): string[] {
  const has = new Map(target.map((col) => [col.name.toLowerCase(), col]));
  const c = m.columns;
  const missingMeta = [c.scdId, c.validFrom, c.validTo, c.updatedAt].filter((n) => !has.has(n.toLowerCase()));
  if (missingMeta.length > 0) {
    throw new ExecutionError(
      ExecuteCode.statementFailed,
      `${m.target} is not a snapshot table: it lacks ${missingMeta.join(", ")}.`,
      {
        node,
        hint: "A snapshot writes into the table its first run created; drop or rename the table that stands at its relation.",
      },
    );
  }
  const added = incoming.filter((col) => !has.has(col.name.toLowerCase()));
  const alters = added.map((col) => `ALTER TABLE ${m.target} ADD COLUMN ${quoteIdent(col.name)} ${col.type}`);
  if (m.hardDeletes === "new_record" && !has.has(c.isDeleted.toLowerCase()))
    alters.push(`ALTER TABLE ${m.target} ADD COLUMN ${quoteIdent(c.isDeleted)} varchar`);
  return [
    ...alters,
    mergeSql(
      m,
      new Set(has.keys()),
      incoming.map((col) => col.name),
      has.get(c.validTo.toLowerCase())!.type,
    ),
  ];
}

/** dbt's row_changed: the timestamp moved on, or a checked column differs (a column new to the table counts as a change). */
function rowChanged(m: SnapshotMerge, existing: ReadonlySet<string>, incoming: readonly string[]): string {
  if (m.strategy === "timestamp") return `c.${quoteIdent(m.columns.validFrom)} < s.tform_updated_at`;
  const cols = m.checkCols === "all" ? incoming : m.checkCols;
  if (cols.some((col) => !existing.has(col.toLowerCase()))) return "TRUE";
  return `(${cols.map((col) => `c.${quoteIdent(col.toLowerCase())} IS DISTINCT FROM s.${quoteIdent(col.toLowerCase())}`).join(" OR ")})`;
}

function mergeSql(
  m: SnapshotMerge,
  existing: ReadonlySet<string>,
  incoming: readonly string[],
  validToType: string,
): string {
  const c = m.columns;
  const q = (name: string): string => quoteIdent(name);
  const newRecord = m.hardDeletes === "new_record";
  const keys = m.uniqueKey.map((k, i) => `${k} AS tform_key_${i + 1}`).join(", ");
  const join = m.uniqueKey.map((_, i) => `c.tform_key_${i + 1} = s.tform_key_${i + 1}`).join(" AND ");
  // the snapshot time in the column's type, so that closing a row never changes the column's type
  const now = `CAST(current_timestamp AS ${validToType})`;
  const changed = `${rowChanged(m, existing, incoming)}${newRecord ? ` OR c.${q(c.isDeleted)} = 'True'` : ""}`;
  const data = (from: string): string => incoming.map((col) => `${from}.${q(col)}`).join(", ");
  const nulls = incoming.map(() => "NULL").join(", ");
  const notDeleted = `c.${q(c.isDeleted)} IS DISTINCT FROM 'True'`;
  const sourceGone = `FROM tform_current AS c LEFT JOIN tform_source AS s ON ${join}\n    WHERE s.tform_key_1 IS NULL${newRecord ? ` AND ${notDeleted}` : ""}`;
  const branches = [
    `    SELECT 'insert' AS tform_change, s.tform_scd_id, ${data("s")}, s.tform_updated_at, s.tform_updated_at AS tform_valid_from, ${currentValidTo(m, "s.tform_updated_at")} AS tform_valid_to${newRecord ? ", 'False' AS tform_is_deleted" : ""}\n    FROM tform_source AS s LEFT JOIN tform_current AS c ON ${join}\n    WHERE c.tform_key_1 IS NULL OR ${changed}`,
    `    SELECT 'update', c.${q(c.scdId)}, ${data("s")}, s.tform_updated_at, s.tform_updated_at, s.tform_updated_at${newRecord ? `, c.${q(c.isDeleted)}` : ""}\n    FROM tform_source AS s JOIN tform_current AS c ON ${join}\n    WHERE ${changed}`,
    ...(m.hardDeletes === "ignore"
      ? []
      : [
          `    SELECT 'delete', c.${q(c.scdId)}, ${nulls}, ${now}, ${now}, ${now}${newRecord ? `, c.${q(c.isDeleted)}` : ""}\n    ${sourceGone}`,
        ]),
    ...(newRecord
      ? [
          `    SELECT 'insert', ${hash([`c.${q(c.scdId)}`, now])}, ${data("c")}, ${now}, ${now}, c.${q(c.validTo)}, 'True'\n    ${sourceGone}`,
        ]
      : []),
  ];
  const insertCols = [
    ...incoming.map(q),
    q(c.scdId),
    q(c.updatedAt),
    q(c.validFrom),
    q(c.validTo),
    ...(newRecord ? [q(c.isDeleted)] : []),
  ];
  const insertValues = [
    ...incoming.map((col) => `tform_new.${q(col)}`),
    "tform_new.tform_scd_id",
    "tform_new.tform_updated_at",
    "tform_new.tform_valid_from",
    "tform_new.tform_valid_to",
    ...(newRecord ? ["tform_new.tform_is_deleted"] : []),
  ];
  return [
    `MERGE INTO ${m.target} AS tform_dest`,
    `USING (`,
    `  WITH tform_source AS (`,
    `    SELECT *, ${keys}, ${m.updatedAt} AS tform_updated_at, ${hash([...m.uniqueKey, m.updatedAt])} AS tform_scd_id`,
    `    FROM (\n${m.select}\n    ) AS tform_snapshot_query`,
    `  ),`,
    `  tform_current AS (SELECT *, ${keys} FROM ${m.target} WHERE ${isCurrent(m, q(c.validTo))})`,
    branches.join("\n    UNION ALL\n"),
    `) AS tform_new`,
    `ON tform_new.tform_scd_id = tform_dest.${q(c.scdId)}`,
    `WHEN MATCHED AND ${isCurrent(m, `tform_dest.${q(c.validTo)}`)} AND tform_new.tform_change IN ('update', 'delete')`,
    `  THEN UPDATE SET ${q(c.validTo)} = tform_new.tform_valid_to`,
    `WHEN NOT MATCHED AND tform_new.tform_change = 'insert'`,
    `  THEN INSERT (${insertCols.join(", ")})`,
    `  VALUES (${insertValues.join(", ")})`,
  ].join("\n");
}

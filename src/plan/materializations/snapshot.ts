/**
 * `snapshot` (dbt's SCD type 2, with dbt-trino's columns and semantics): the first run creates the table, later
 * runs are one MERGE (expanded at run time, see snapshot-sql.ts). The config is checked as dbt checks it;
 * --full-refresh does not apply: a snapshot's history is never rebuilt.
 */
import { PlanError } from "../../errors.js";
import type { PlannedStatement, SnapshotColumnNames, SnapshotMerge } from "../plan.js";
import { PlanCode } from "../plan-code.js";
import type { MaterializationInput } from "./materialization-input.js";
import { snapshotCreateSelect } from "./snapshot-sql.js";
import { bareSelect, quoteRelation } from "./sql-text.js";
import { fingerprintStatement, tableProperties, withClause } from "./table-properties.js";

export interface SnapshotPlan {
  readonly mode: "create" | "merge";
  readonly statements: PlannedStatement[];
}

/** dbt's get_snapshot_table_column_names, renamed by snapshot_meta_column_names */
const COLUMN_KEYS: Readonly<Record<keyof SnapshotColumnNames, string>> = {
  scdId: "dbt_scd_id",
  updatedAt: "dbt_updated_at",
  validFrom: "dbt_valid_from",
  validTo: "dbt_valid_to",
  isDeleted: "dbt_is_deleted",
};

function fail(
  input: MaterializationInput,
  message: string,
  hint: string,
  code: string = PlanCode.badProperty,
): PlanError {
  return new PlanError(code, `Snapshot ${input.compiled.relation.identifier}: ${message}`, {
    location: { file: input.file },
    node: input.compiled.uniqueId,
    hint,
  });
}

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** adapter.get_hard_deletes_behavior */
function hardDeletesOf(input: MaterializationInput): SnapshotMerge["hardDeletes"] {
  const { invalidate_hard_deletes: legacy, hard_deletes: mode } = input.compiled.config;
  if (legacy !== undefined && legacy !== null && mode !== undefined && mode !== null)
    throw fail(
      input,
      "invalidate_hard_deletes and hard_deletes are both set.",
      "Keep hard_deletes (ignore, invalidate or new_record); invalidate_hard_deletes is its legacy spelling.",
    );
  if (legacy === true || mode === "invalidate") return "invalidate";
  if (mode === "new_record") return "new_record";
  if (mode === undefined || mode === null || mode === "ignore") return "ignore";
  throw fail(
    input,
    `hard_deletes='${String(mode)}' is not a setting for hard deletes.`,
    "Use one of ignore, invalidate, new_record.",
  );
}

function columnNames(input: MaterializationInput): SnapshotColumnNames {
  const renamed = (input.compiled.config.snapshot_meta_column_names ?? {}) as Readonly<Record<string, unknown>>;
  const entries = Object.entries(COLUMN_KEYS).map(([key, dbtName]) => {
    const name = renamed[dbtName] ?? dbtName;
    if (!nonEmpty(name))
      throw fail(
        input,
        `snapshot_meta_column_names.${dbtName} must be a column name.`,
        `e.g. snapshot_meta_column_names: {${dbtName}: my_${dbtName}}`,
      );
    return [key, name];
  });
  return Object.fromEntries(entries) as unknown as SnapshotColumnNames;
}

function checkColsOf(input: MaterializationInput): SnapshotMerge["checkCols"] {
  const cols = input.compiled.config.check_cols;
  if (cols === "all") return "all";
  if (Array.isArray(cols) && cols.length > 0 && cols.every(nonEmpty)) return cols as string[];
  throw fail(
    input,
    `strategy 'check' needs check_cols: 'all' or a list of columns (got ${JSON.stringify(cols ?? null)}).`,
    "Set check_cols='all' or check_cols=['status', 'amount'].",
  );
}

export function snapshotStatements(input: MaterializationInput): SnapshotPlan {
  const { config, relation } = input.compiled;
  const strategy = config.strategy;
  if (strategy !== "timestamp" && strategy !== "check") {
    throw fail(
      input,
      strategy === undefined || strategy === null
        ? "no strategy is configured."
        : `the strategy '${String(strategy)}' was not found.`,
      "Set strategy='timestamp' (with updated_at) or strategy='check' (with check_cols).",
      PlanCode.badStrategy,
    );
  }
  const key = config.unique_key;
  const uniqueKey = (typeof key === "string" ? [key] : [...(key ?? [])]).filter(nonEmpty);
  if (uniqueKey.length === 0)
    throw fail(
      input,
      "unique_key is not set.",
      "Set unique_key='id' (or a list of columns) in config().",
      PlanCode.missingUniqueKey,
    );
  const updatedAt = config.updated_at;
  if (strategy === "timestamp" && !nonEmpty(updatedAt))
    throw fail(
      input,
      "strategy 'timestamp' needs updated_at, the column holding each row's change time.",
      "Set updated_at='updated_at' in config().",
    );
  if (
    config.dbt_valid_to_current !== undefined &&
    config.dbt_valid_to_current !== null &&
    !nonEmpty(config.dbt_valid_to_current)
  )
    throw fail(
      input,
      "dbt_valid_to_current must be a SQL expression (a string).",
      "e.g. dbt_valid_to_current: \"timestamp '9999-12-31'\"",
    );
  if (config.properties?.location !== undefined)
    throw fail(
      input,
      "Specifying 'location' property in snapshots is not supported.",
      "Remove properties.location (dbt-trino refuses it too).",
    );
  if (input.existing === "view")
    throw fail(
      input,
      `a view stands at ${quoteRelation(relation)}, where the snapshot table goes.`,
      "Drop the view or give the snapshot another alias.",
      PlanCode.badMaterialization,
    );

  const spec = {
    strategy,
    uniqueKey: uniqueKey.map((k) => k.trim()),
    // dbt's check strategy versions rows by the snapshot time unless updated_at is given
    updatedAt: nonEmpty(updatedAt) ? updatedAt.trim() : "current_timestamp",
    hardDeletes: hardDeletesOf(input),
    columns: columnNames(input),
    ...(nonEmpty(config.dbt_valid_to_current) ? { validToCurrent: config.dbt_valid_to_current.trim() } : {}),
  } as const;
  const checkCols = strategy === "check" ? checkColsOf(input) : "all";
  const target = quoteRelation(relation);
  const select = bareSelect(input.compiled.compiledSql);
  if (input.existing !== "table") {
    const props = withClause(tableProperties(config, input.file, input.fingerprint));
    return {
      mode: "create",
      statements: [
        {
          kind: "sql",
          purpose: "create the snapshot table (first run)",
          sql: `CREATE TABLE ${target}${props} AS\n${snapshotCreateSelect(spec, select)}`,
        },
      ],
    };
  }
  const merge: SnapshotMerge = { ...spec, target, select, checkCols };
  return {
    mode: "merge",
    statements: [
      {
        kind: "snapshot-merge",
        purpose: `merge the changes (${strategy} strategy, hard deletes: ${spec.hardDeletes})`,
        merge,
      },
      ...(input.fingerprint ? [fingerprintStatement(target, config, input.fingerprint)] : []),
    ],
  };
}

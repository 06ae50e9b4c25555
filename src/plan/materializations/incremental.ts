/**
 * `incremental`: the first run (or --full-refresh) builds the table like `table`; later runs write the
 * new rows into it with the configured strategy (default append, as dbt-trino). Strategies that read the
 * new rows twice (delete+insert, insert_overwrite) stage them once in a table beside the target.
 */
import { PlanError } from "../../errors.js";
import type { IncrementalStrategy, IncrementalWrite, OnSchemaChange, PlannedStatement } from "../plan.js";
import { PlanCode } from "../plan-code.js";
import type { CompiledNode } from "../../render/types.js";
import type { MaterializationInput } from "./materialization-input.js";
import { bareSelect, quoteRelation } from "./sql-text.js";
import { tableStatements } from "./table.js";
import { fingerprintStatement, partitionExpression, partitionFields, tableProperties } from "./table-properties.js";

const STRATEGIES: readonly IncrementalStrategy[] = ["append", "merge", "delete+insert", "insert_overwrite"];
const SCHEMA_CHANGES: readonly OnSchemaChange[] = ["ignore", "fail", "append_new_columns", "sync_all_columns"];

/**
 * Suffix of the table holding the staged new rows (dropped after the write), with the run's id: Trino's
 * Nessie catalog deletes a dropped table's folder, so the staging table must never be one that another
 * branch (or main, after a publish) also holds.
 */
export const STAGING_SUFFIX = "__tform_tmp";

function stagingName(identifier: string, invocationId: string | undefined): string {
  const run = (invocationId ?? "")
    .replace(/[^a-z0-9]/gi, "")
    .slice(0, 8)
    .toLowerCase();
  return `${identifier}${STAGING_SUFFIX}${run ? `_${run}` : ""}`;
}

export interface IncrementalPlan {
  readonly mode: "create" | IncrementalStrategy;
  readonly statements: PlannedStatement[];
}

/** what the config checks read: the model's config, name and file (no SQL, no server) */
export interface ConfigSubject {
  readonly file: string;
  readonly compiled: Pick<CompiledNode, "uniqueId" | "relation" | "config">;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  fallback: T,
  key: string,
  input: ConfigSubject,
  code: string,
): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new PlanError(
    code,
    `${key}='${String(value)}' is not supported for incremental model ${input.compiled.relation.identifier}.`,
    {
      location: { file: input.file },
      node: input.compiled.uniqueId,
      hint: `Use one of: ${allowed.join(", ")}.`,
    },
  );
}

/** dbt looks up a macro `get_incremental_<name>_sql` for a strategy; tform has its four built in and says so. */
function strategyOf(input: ConfigSubject): IncrementalStrategy {
  const value = input.compiled.config.incremental_strategy;
  if (value === undefined || value === null) return "append";
  if (typeof value === "string" && (STRATEGIES as readonly string[]).includes(value))
    return value as IncrementalStrategy;
  throw new PlanError(
    PlanCode.badStrategy,
    `Model ${input.compiled.relation.identifier}: tform could not find an incremental strategy macro with the name "get_incremental_${String(value)}_sql" (incremental_strategy='${String(value)}').`,
    {
      location: { file: input.file },
      node: input.compiled.uniqueId,
      hint: `Use one of tform's strategies: ${STRATEGIES.join(", ")} (custom strategy macros are not supported).`,
    },
  );
}

function uniqueKeyOf(input: ConfigSubject): string[] {
  const key = input.compiled.config.unique_key;
  if (key === undefined || key === null) return [];
  return (typeof key === "string" ? key.split(",") : [...key]).map((k) => String(k).trim()).filter((k) => k !== "");
}

/**
 * The model's incremental config, checked: a located TF412 / TF418 / TF414 / TF413 (or TF411 for properties) on a
 * value tform cannot run. Needs neither SQL nor servers, so a run checks it before touching any (check-configs.ts).
 */
export function incrementalConfig(input: ConfigSubject) {
  const { config, relation } = input.compiled;
  const strategy = strategyOf(input);
  const onSchemaChange = oneOf(
    config.on_schema_change,
    SCHEMA_CHANGES,
    "ignore",
    "on_schema_change",
    input,
    PlanCode.badOnSchemaChange,
  );
  const uniqueKey = uniqueKeyOf(input);
  if ((strategy === "merge" || strategy === "delete+insert") && uniqueKey.length === 0) {
    throw new PlanError(
      PlanCode.missingUniqueKey,
      `incremental_strategy='${strategy}' needs a unique_key (model ${relation.identifier}).`,
      {
        location: { file: input.file },
        node: input.compiled.uniqueId,
        hint: "Set unique_key='id' or unique_key=['ds', 'id'] in config(), or use 'append'.",
      },
    );
  }
  const properties = tableProperties(config, input.file);
  const fields = partitionFields(properties);
  if (strategy === "insert_overwrite" && fields.length === 0) {
    throw new PlanError(
      PlanCode.badPartitionTransform,
      `incremental_strategy='insert_overwrite' replaces partitions, but model ${relation.identifier} has no partitioning.`,
      {
        location: { file: input.file },
        node: input.compiled.uniqueId,
        hint: "Add partitioning=['ds'] (or properties={'partitioning': \"ARRAY['ds']\"}), or use 'delete+insert' with a unique_key.",
      },
    );
  }
  return { strategy, onSchemaChange, uniqueKey, fields };
}

export function incrementalStatements(input: MaterializationInput): IncrementalPlan {
  const { config, relation } = input.compiled;
  const { strategy, onSchemaChange, uniqueKey, fields } = incrementalConfig(input);
  const partitionExpressions =
    strategy === "insert_overwrite" ? fields.map((f) => partitionExpression(f, input.file)) : [];
  // dbt: a model's full_refresh config, when set, wins over the --full-refresh flag
  const fullRefresh = typeof config.full_refresh === "boolean" ? config.full_refresh : input.fullRefresh;
  if (input.existing !== "table" || fullRefresh) return { mode: "create", statements: tableStatements(input) };

  const target = quoteRelation(relation);
  const select = bareSelect(input.compiled.compiledSql);
  const staged = strategy === "delete+insert" || strategy === "insert_overwrite";
  const staging = quoteRelation({ ...relation, identifier: stagingName(relation.identifier, input.invocationId) });
  const write: IncrementalWrite = {
    strategy,
    target,
    source: staged ? staging : `(\n${select}\n)`,
    uniqueKey,
    partitionExpressions,
    onSchemaChange,
  };
  const purpose = `${strategy} the new rows (columns compared with the table: on_schema_change=${onSchemaChange})`;
  const record = input.fingerprint ? [fingerprintStatement(target, config, input.fingerprint)] : [];
  if (!staged) return { mode: strategy, statements: [{ kind: "incremental-write", purpose, write }, ...record] };
  return {
    mode: strategy,
    statements: [
      { kind: "sql", purpose: "stage the new rows once", sql: `CREATE OR REPLACE TABLE ${staging} AS\n${select}` },
      { kind: "incremental-write", purpose, write },
      { kind: "sql", purpose: "drop the staged rows", sql: `DROP TABLE IF EXISTS ${staging}` },
      ...record,
    ],
  };
}

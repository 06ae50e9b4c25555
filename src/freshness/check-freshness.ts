/**
 * One source's freshness, as dbt-trino's collect_freshness measures it: `max(loaded_at_field)` and
 * `current_timestamp` in one query, the age between them judged against error_after, then warn_after.
 */
import type { Engine } from "../engine/engine.js";
import { ExecutionError } from "../errors.js";
import { quoteRelation } from "../engine/sql-text.js";
import type { FreshnessThreshold, Relation, SourceTable } from "../project/types.js";

export type FreshnessStatus = "pass" | "warn" | "error" | "runtime error";

export interface FreshnessResult {
  readonly uniqueId: string;
  readonly sourceName: string;
  readonly tableName: string;
  readonly status: FreshnessStatus;
  readonly criteria: FreshnessThreshold;
  /** ms since the epoch; a table without rows (max is null) counts as loaded at 0001-01-01, as dbt */
  readonly maxLoadedAt?: number;
  readonly snapshottedAt?: number;
  readonly ageSeconds?: number;
  readonly sql?: string;
  readonly queryId?: string;
  /** why a runtime error happened */
  readonly message?: string;
  readonly startedAt: Date;
  readonly completedAt: Date;
  /** which of the parallel workers measured it (sources.json's thread_id) */
  readonly worker: number;
}

const SECONDS = { minute: 60, hour: 3_600, day: 86_400 } as const;
/** Python's datetime.min, what dbt reports for a null max(loaded_at_field) */
export const DATETIME_MIN_MS = new Date(0).setUTCFullYear(1, 0, 1);

const exceeded = (t: FreshnessThreshold["warnAfter"], age: number): boolean =>
  t !== undefined && age > t.count * SECONDS[t.period];

export function freshnessStatus(criteria: FreshnessThreshold, ageSeconds: number): "pass" | "warn" | "error" {
  if (exceeded(criteria.errorAfter, ageSeconds)) return "error";
  return exceeded(criteria.warnAfter, ageSeconds) ? "warn" : "pass";
}

export function freshnessSql(loadedAtField: string, relation: Relation, filter?: string): string {
  return `select max(${loadedAtField}) as max_loaded_at, current_timestamp as snapshotted_at from ${quoteRelation(relation)}${filter ? ` where ${filter}` : ""}`;
}

function loadedAtOf(engine: Engine, value: unknown, type: string | undefined, relation: Relation): number {
  if (value === null) return DATETIME_MIN_MS;
  const ms = type?.startsWith("timestamp") ? engine.instantOf(String(value)) : undefined;
  if (ms === undefined)
    throw new Error(
      `Expected a timestamp value when querying field 'max_loaded_at' of table ${quoteRelation(relation)} but received value of type '${type ?? typeof value}' instead`,
    );
  return ms;
}

export async function checkFreshness(
  engine: Engine,
  source: SourceTable & { readonly freshness: FreshnessThreshold },
  relation: Relation,
  worker: number,
  signal?: AbortSignal,
): Promise<FreshnessResult> {
  const startedAt = new Date();
  const base = {
    uniqueId: source.uniqueId,
    sourceName: source.sourceName,
    tableName: source.name,
    criteria: source.freshness,
    startedAt,
    worker,
  };
  if (source.loadedAtField === undefined) {
    // dbt-trino has no metadata-based freshness (the table's last-modified time), so the field is required
    const message = `Could not compute freshness for source ${source.name}: no 'loaded_at_field' provided and trino adapter does not support metadata-based freshness checks.`;
    return { ...base, status: "runtime error", message, completedAt: new Date() };
  }
  const sql = freshnessSql(source.loadedAtField, relation, source.freshness.filter);
  let queryId: string | undefined;
  try {
    const result = await engine.execute(sql, { signal });
    queryId = result.queryId;
    const row = result.rows[0] ?? [null, null];
    const maxLoadedAt = loadedAtOf(engine, row[0], result.columns[0]?.type, relation);
    const snapshottedAt = engine.instantOf(String(row[1])) ?? Date.now();
    const ageSeconds = (snapshottedAt - maxLoadedAt) / 1000;
    return {
      ...base,
      status: freshnessStatus(source.freshness, ageSeconds),
      maxLoadedAt,
      snapshottedAt,
      ageSeconds,
      sql,
      ...(queryId ? { queryId } : {}),
      completedAt: new Date(),
    };
  } catch (e) {
    if (e instanceof ExecutionError && e.queryId) queryId = e.queryId;
    return {
      ...base,
      status: "runtime error",
      message: e instanceof Error ? e.message : String(e),
      sql,
      ...(queryId ? { queryId } : {}),
      completedAt: new Date(),
    };
  }
}

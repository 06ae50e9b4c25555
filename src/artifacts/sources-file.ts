/**
 * target/sources.json in dbt's v3 shape. As dbt 1.11 does, only measured sources are listed: a source whose
 * query failed (a runtime error) is reported on the console and by the exit code, not here.
 */
import type { FreshnessResult } from "../freshness/check-freshness.js";
import type { FreshnessThreshold, FreshnessTime } from "../project/types.js";
import { pythonIsoUtc, type DbtArtifactMetadata } from "./dbt-artifact-metadata.js";

export const SOURCES_SCHEMA = "https://schemas.getdbt.com/dbt/sources/v3.json";

type Time = { readonly count: number | null; readonly period: FreshnessTime["period"] | null };

export interface SourceFreshnessEntry {
  readonly unique_id: string;
  readonly max_loaded_at: string;
  readonly snapshotted_at: string;
  readonly max_loaded_at_time_ago_in_s: number;
  readonly status: "pass" | "warn" | "error";
  readonly criteria: { readonly warn_after: Time; readonly error_after: Time; readonly filter: string | null };
  readonly adapter_response: { readonly _message: string; readonly query_id?: string; readonly query?: string };
  readonly timing: readonly {
    readonly name: "compile" | "execute";
    readonly started_at: string;
    readonly completed_at: string;
  }[];
  readonly thread_id: string;
  readonly execution_time: number;
}

export interface SourcesFile {
  readonly metadata: DbtArtifactMetadata;
  readonly results: readonly SourceFreshnessEntry[];
  readonly elapsed_time: number;
}

const time = (t: FreshnessTime | undefined): Time => ({ count: t?.count ?? null, period: t?.period ?? null });
const criteria = (c: FreshnessThreshold): SourceFreshnessEntry["criteria"] => ({
  warn_after: time(c.warnAfter),
  error_after: time(c.errorAfter),
  filter: c.filter ?? null,
});

export function sourcesFile(
  metadata: DbtArtifactMetadata,
  results: readonly FreshnessResult[],
  elapsedSeconds: number,
): SourcesFile {
  return {
    metadata,
    results: results.flatMap((r): SourceFreshnessEntry[] => {
      if (
        r.status === "runtime error" ||
        r.maxLoadedAt === undefined ||
        r.snapshottedAt === undefined ||
        r.ageSeconds === undefined
      )
        return [];
      const started = r.startedAt.toISOString();
      return [
        {
          unique_id: r.uniqueId,
          max_loaded_at: pythonIsoUtc(r.maxLoadedAt),
          snapshotted_at: pythonIsoUtc(r.snapshottedAt),
          max_loaded_at_time_ago_in_s: r.ageSeconds,
          status: r.status,
          criteria: criteria(r.criteria),
          adapter_response: {
            _message: "SUCCESS",
            ...(r.queryId ? { query_id: r.queryId } : {}),
            ...(r.sql ? { query: r.sql } : {}),
          },
          timing: [
            { name: "compile", started_at: started, completed_at: started },
            { name: "execute", started_at: started, completed_at: r.completedAt.toISOString() },
          ],
          thread_id: `worker-${r.worker}`,
          execution_time: (r.completedAt.getTime() - r.startedAt.getTime()) / 1000,
        },
      ];
    }),
    elapsed_time: elapsedSeconds,
  };
}

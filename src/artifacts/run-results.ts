/**
 * target/run_results.json: each node's status, timing, rows, statements and snapshot, plus the branch
 * hash before and after the run. Versioned; close to dbt's shape so existing tooling can read it.
 * Statements are scrubbed of secrets before they get here.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ApplyResult, NodeResult } from "../execute/run-event.js";
import type { Plan } from "../plan/plan.js";
import { redactSecrets } from "../errors.js";

/** What a run that executed nodes reports: `run`/`seed`/`build` (a plan applied) and `test`. */
export interface RunRecord {
  readonly command: string;
  readonly projectRoot: string;
  readonly targetPath: string;
  readonly targetName: string;
  readonly invocationId: string;
  /** the Trino catalog the run used */
  readonly catalog: string;
  readonly inPlace: boolean;
  readonly result: Pick<ApplyResult, "results" | "branch" | "success" | "cancelled" | "seconds">;
}

export const recordOfPlan = (plan: Plan, result: ApplyResult): RunRecord => ({
  command: plan.command,
  projectRoot: plan.projectRoot,
  targetPath: plan.targetPath,
  targetName: plan.targetName,
  invocationId: plan.invocationId,
  catalog: plan.runCatalog,
  inPlace: plan.branch === undefined,
  result,
});

export const RUN_RESULTS_SCHEMA = "tform/run-results/v1";

export interface RunResultsFile {
  readonly metadata: {
    readonly tform_schema_version: typeof RUN_RESULTS_SCHEMA;
    readonly generated_at: string;
    readonly invocation_id: string;
    readonly command: string;
    readonly target: string;
  };
  readonly catalog: string;
  readonly in_place: boolean;
  readonly branch: {
    readonly name: string;
    readonly created: boolean;
    readonly hash_before: string;
    readonly hash_after: string | null;
  } | null;
  readonly success: boolean;
  readonly cancelled: boolean;
  readonly elapsed_time: number;
  readonly results: readonly RunResultEntry[];
}

export interface RunResultEntry {
  readonly unique_id: string;
  readonly resource: "seed" | "model" | "snapshot" | "test" | "unit_test";
  readonly status: NodeResult["status"];
  readonly timing: { readonly started_at: string | null; readonly execution_time: number };
  readonly rows_affected: number | null;
  readonly snapshot_id: string | null;
  /** what the node's table was built from (plan/fingerprint.ts); null when it always runs */
  readonly fingerprint: string | null;
  readonly relation: string | null;
  readonly compiled_path: string | null;
  readonly message: string | null;
  readonly error_code: string | null;
  readonly statements: readonly { readonly sql: string; readonly query_id: string | null; readonly seconds: number }[];
}

export function runResults(run: RunRecord): RunResultsFile {
  const { result } = run;
  return {
    metadata: {
      tform_schema_version: RUN_RESULTS_SCHEMA,
      generated_at: new Date().toISOString(),
      invocation_id: run.invocationId,
      command: run.command,
      target: run.targetName,
    },
    catalog: run.catalog,
    in_place: run.inPlace,
    branch: result.branch
      ? {
          name: result.branch.name,
          created: result.branch.created,
          hash_before: result.branch.hashBefore,
          hash_after: result.branch.hashAfter ?? null,
        }
      : null,
    success: result.success,
    cancelled: result.cancelled,
    elapsed_time: result.seconds,
    results: result.results.map((r) => ({
      unique_id: r.uniqueId,
      resource:
        r.kind === "materialize"
          ? r.uniqueId.startsWith("snapshot.")
            ? "snapshot"
            : "model"
          : r.kind === "unit-test"
            ? "unit_test"
            : r.kind,
      status: r.status,
      timing: { started_at: r.startedAt?.toISOString() ?? null, execution_time: r.seconds },
      rows_affected: r.rows ?? null,
      snapshot_id: r.snapshotId ?? null,
      fingerprint: r.fingerprint ?? null,
      relation: r.relation ? `${r.relation.database}.${r.relation.schema}.${r.relation.identifier}` : null,
      compiled_path: r.compiledPath ?? null,
      message: r.message ?? null,
      error_code: r.error?.code ?? null,
      statements: r.statements.map((s) => ({ sql: s.sql, query_id: s.queryId ?? null, seconds: s.seconds })),
    })),
  };
}

/** Writes the file and returns its path relative to the project root. */
export async function writeRunResults(run: RunRecord): Promise<string> {
  const path = `${run.targetPath}/run_results.json`;
  const file = join(run.projectRoot, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${redactSecrets(JSON.stringify(runResults(run), null, 2))}\n`);
  return path;
}

/**
 * Exit codes, one per failure class, so CI can tell a broken model from a failed test or a conflict:
 *   0  success
 *   1  a model or statement failed on the engine (ExecutionError)
 *   2  a data test failed with error severity, or publish/rollback refused what the branch holds
 *   3  publish hit a merge conflict, or a reference moved under a guarded change
 *   4  the project, a template, the graph, the selection or the plan is wrong, or a command names a reference
 *      that does not exist (or one that does, for a new tag)
 *   5  Trino, the catalog or the sandbox is unreachable or failed, or the catalog has no branches
 *  64  the command line itself is wrong (unknown option, missing argument)
 * 130  the run was cancelled (Ctrl-C, SIGINT)
 * 143  the run was cancelled by SIGTERM (a CI runner's cancel)
 *  70  a bug in tform (InternalError or an unexpected exception)
 */
import { CatalogCode } from "../catalog/catalog-code.js";
import { UNREACHABLE_ENGINE_CODES } from "../engine/engine-code.js";
import {
  CatalogError,
  ExecutionError,
  GraphError,
  PlanError,
  ProjectError,
  RenderError,
  SandboxError,
  TestFailureError,
} from "../errors.js";
import { PublishCode } from "../publish/publish-code.js";

export const ExitCode = {
  ok: 0,
  executionError: 1,
  testFailure: 2,
  mergeConflict: 3,
  projectError: 4,
  unreachable: 5,
  usage: 64,
  internal: 70,
  cancelled: 130,
  terminated: 143,
} as const;

/** Catalog and publish codes that are not "unreachable": each one's class, chosen on purpose. */
const CATALOG_EXITS: Readonly<Record<string, number>> = {
  [CatalogCode.unknownReference]: ExitCode.projectError,
  [CatalogCode.referenceExists]: ExitCode.projectError,
  [CatalogCode.referenceMoved]: ExitCode.mergeConflict,
  [CatalogCode.conflict]: ExitCode.mergeConflict,
  [PublishCode.storedFailures]: ExitCode.testFailure,
  [PublishCode.noEarlierRelease]: ExitCode.testFailure,
  [PublishCode.intoItself]: ExitCode.projectError,
  [PublishCode.noCommitAtTime]: ExitCode.projectError,
  [PublishCode.snapshotNotOnBranch]: ExitCode.projectError,
  [PublishCode.hashNotReadable]: ExitCode.projectError,
};

export function exitCodeFor(error: unknown): number {
  if (error instanceof ExecutionError)
    return UNREACHABLE_ENGINE_CODES.has(error.code) ? ExitCode.unreachable : ExitCode.executionError;
  if (error instanceof TestFailureError) return ExitCode.testFailure;
  if (error instanceof CatalogError)
    return error.conflicts && error.conflicts.length > 0
      ? ExitCode.mergeConflict
      : (CATALOG_EXITS[error.code] ?? ExitCode.unreachable);
  if (
    error instanceof ProjectError ||
    error instanceof RenderError ||
    error instanceof GraphError ||
    error instanceof PlanError
  )
    return ExitCode.projectError;
  if (error instanceof SandboxError) return ExitCode.unreachable;
  return ExitCode.internal;
}

/**
 * The exit code of a run whose nodes errored: 5 when any failed because Trino or Nessie went away (CI should retry
 * the job, not fix a model), else 1.
 */
export function exitCodeForNodeErrors(errors: readonly (unknown | undefined)[]): number {
  return errors.some((e) => e !== undefined && exitCodeFor(e) === ExitCode.unreachable)
    ? ExitCode.unreachable
    : ExitCode.executionError;
}

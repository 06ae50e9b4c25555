/**
 * Exit codes, one per failure class, so CI can tell a broken model from a failed test or a conflict:
 *   0  success
 *   1  a model or statement failed on the engine (ExecutionError)
 *   2  a data test failed with error severity (TestFailureError)
 *   3  publish hit a merge conflict (CatalogError naming conflicting tables)
 *   4  the project, a template, the graph, the selection or the plan is wrong (Project/Render/Graph/Plan errors)
 *   5  the catalog or the sandbox is unreachable or refused (CatalogError, SandboxError)
 *  64  the command line itself is wrong (unknown option, missing argument)
 *  70  a bug in tform (InternalError or an unexpected exception)
 */
import { CatalogError, ExecutionError, GraphError, PlanError, ProjectError, RenderError, SandboxError, TestFailureError } from "../errors.js";

export const ExitCode = {
  ok: 0,
  executionError: 1,
  testFailure: 2,
  mergeConflict: 3,
  projectError: 4,
  unreachable: 5,
  usage: 64,
  internal: 70,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof ExecutionError) return ExitCode.executionError;
  if (error instanceof TestFailureError) return ExitCode.testFailure;
  if (error instanceof CatalogError) return error.conflicts && error.conflicts.length > 0 ? ExitCode.mergeConflict : ExitCode.unreachable;
  if (error instanceof ProjectError || error instanceof RenderError || error instanceof GraphError || error instanceof PlanError) return ExitCode.projectError;
  if (error instanceof SandboxError) return ExitCode.unreachable;
  return ExitCode.internal;
}

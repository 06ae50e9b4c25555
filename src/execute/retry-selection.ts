/**
 * `tform retry`, as dbt's: what the last run_results.json says to run again — its command, on its branch, selecting
 * the nodes that errored, failed or were skipped.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ProjectError } from "../errors.js";
import { ExecuteCode } from "../plan/plan-code.js";
import type { RunResultsFile } from "../artifacts/run-results.js";

export type RetryCommand = "run" | "seed" | "build" | "test";

export interface RetrySelection {
  readonly command: RetryCommand;
  readonly branch?: string;
  /** names of the nodes to run again; empty when the last run had nothing to retry */
  readonly select: readonly string[];
}

const RETRIED = new Set(["error", "fail", "skipped"]);

export async function retrySelection(projectRoot: string, targetPath: string): Promise<RetrySelection> {
  const path = `${targetPath}/run_results.json`;
  let file: RunResultsFile;
  try {
    file = JSON.parse(await readFile(join(projectRoot, path), "utf8")) as RunResultsFile;
  } catch (e) {
    throw new ProjectError(
      ExecuteCode.nothingToRetry,
      `tform retry reads ${path}, which ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "is not valid JSON"}.`,
      {
        location: { file: path },
        hint: "Run tform run, seed, build or test first; retry reruns what failed in that run.",
      },
    );
  }
  const command = file.metadata?.command as RetryCommand;
  if (!["run", "seed", "build", "test"].includes(command)) {
    throw new ProjectError(
      ExecuteCode.nothingToRetry,
      `${path} was written by '${String(command)}', which tform retry cannot rerun.`,
      { location: { file: path }, hint: "Retry follows run, seed, build or test." },
    );
  }
  // a node's name selects it; a test's unique id ends in a hash after its name
  const select = file.results.filter((r) => RETRIED.has(r.status)).map((r) => r.unique_id.split(".")[2]!);
  return { command, ...(file.branch ? { branch: file.branch.name } : {}), select: [...new Set(select)] };
}

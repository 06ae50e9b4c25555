/**
 * target/tform_state.json: per branch, the hash the last test run checked and its verdict. The catalog
 * keeps the authoritative record (a tag, see publish/tested-hash.ts); this file explains refusals locally.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { TestStatus } from "../testing/execute-test.js";

export interface BranchTestState {
  readonly branch: string;
  /** branch hash the tests ran against */
  readonly testedHash: string;
  readonly verdict: "passed" | "failed";
  /** every enabled test ran */
  readonly complete: boolean;
  readonly counts: Readonly<Record<TestStatus, number>>;
  /** unique ids of the tests that ran */
  readonly selected: readonly string[];
  /** unique ids that failed, errored or were skipped */
  readonly notPassed: readonly string[];
  readonly recordedAt: string;
}

export interface TestStateFile {
  readonly version: 1;
  readonly branches: Readonly<Record<string, BranchTestState>>;
}

export const TEST_STATE_FILE = "tform_state.json";

const statePath = (projectRoot: string, targetPath: string): string => join(projectRoot, targetPath, TEST_STATE_FILE);

export async function readTestState(projectRoot: string, targetPath: string): Promise<TestStateFile> {
  try {
    const parsed = JSON.parse(await readFile(statePath(projectRoot, targetPath), "utf8")) as Partial<TestStateFile>;
    if (parsed.version === 1 && parsed.branches) return parsed as TestStateFile;
  } catch {
    // missing or unreadable: no local record, the catalog's tag still decides
  }
  return { version: 1, branches: {} };
}

export async function writeBranchTestState(
  projectRoot: string,
  targetPath: string,
  state: BranchTestState,
): Promise<void> {
  const current = await readTestState(projectRoot, targetPath);
  const next: TestStateFile = { version: 1, branches: { ...current.branches, [state.branch]: state } };
  const path = statePath(projectRoot, targetPath);
  await mkdir(dirname(path), { recursive: true });
  // write-then-rename so a concurrent reader never sees half a file
  await writeFile(`${path}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/**
 * Where a test run's verdict lives. Locally: target/tform_state.json. In the catalog, so that a CI job that
 * publishes sees what another job tested: a Nessie tag `tform-tested-<branch>` on the tested hash, set only
 * when every test ran and passed, and deleted when a run fails. A tag needs no commit (the branch keeps its
 * hash) and Nessie 0.99 allows any number of them; ref names with '/' are avoided because API v2 paths
 * carry the ref name.
 */
import type { Catalog, ContentKey, Reference } from "../catalog/catalog.js";
import { readTestState, writeBranchTestState, type BranchTestState } from "../artifacts/test-state.js";
import type { TestRunSummary } from "../testing/run-tests.js";

export const TESTED_TAG_PREFIX = "tform-tested-";

/** Nessie ref names allow letters, digits and `._-/` without `..`; anything else becomes '-'. */
export function testedTagName(branch: string): string {
  return `${TESTED_TAG_PREFIX}${branch.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

export interface RecordTestRunOptions {
  readonly catalog: Catalog;
  readonly projectRoot: string;
  readonly targetPath: string;
  readonly branch: string;
  /** branch hash read before the tests ran (and after stale audit tables were dropped) */
  readonly testedHash: string;
  readonly summary: Pick<TestRunSummary, "results" | "counts" | "complete" | "passed">;
  readonly now?: Date;
}

export async function recordTestRun(options: RecordTestRunOptions): Promise<BranchTestState> {
  const { catalog, branch, testedHash, summary } = options;
  const state: BranchTestState = {
    branch,
    testedHash,
    verdict: summary.passed ? "passed" : "failed",
    complete: summary.complete,
    counts: summary.counts,
    selected: summary.results.map((r) => r.uniqueId),
    notPassed: summary.results.filter((r) => r.status !== "pass" && r.status !== "warn").map((r) => r.uniqueId),
    recordedAt: (options.now ?? new Date()).toISOString(),
  };
  await writeBranchTestState(options.projectRoot, options.targetPath, state);
  if (!catalog.capabilities.branches) return state;
  const name = testedTagName(branch);
  const existing = await catalog.getReference(name);
  const qualifies = summary.passed && summary.complete;
  if (existing && (!qualifies || existing.hash !== testedHash)) await catalog.deleteReference(existing);
  if (qualifies && existing?.hash !== testedHash)
    await catalog.createTag(name, { name: branch, type: "BRANCH", hash: testedHash });
  return state;
}

/** The passing record for a branch, if the catalog has one. */
export async function testedReference(catalog: Catalog, branch: string): Promise<Reference | undefined> {
  const ref = await catalog.getReference(testedTagName(branch));
  return ref?.type === "TAG" ? ref : undefined;
}

/** Why there is no passing record, from the local file, for a precise refusal. */
export async function localTestRecord(
  projectRoot: string,
  targetPath: string,
  branch: string,
): Promise<BranchTestState | undefined> {
  return (await readTestState(projectRoot, targetPath)).branches[branch];
}

/** Keys in a test audit schema (`<schema>_dbt_test__audit`): stored failing rows, which never reach main. */
export function isAuditKey(key: ContentKey): boolean {
  return key.length > 0 && key[0]!.endsWith("dbt_test__audit");
}

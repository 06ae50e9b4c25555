/**
 * After `tform build --branch`, its tests count as a test run of the branch at the hash the build left:
 * recorded like `tform test --branch` does, so `tform publish` may merge exactly that hash.
 */
import type { Catalog } from "../catalog/catalog.js";
import type { Project } from "../project/types.js";
import type { Plan } from "../plan/plan.js";
import { recordTestRun } from "../publish/tested-hash.js";
import type { TestResult, TestStatus } from "../testing/execute-test.js";
import type { ApplyResult } from "./run-event.js";

export async function recordBuildTests(input: {
  plan: Plan;
  applied: ApplyResult;
  catalog: Catalog;
  project: Project;
}): Promise<void> {
  const { plan, applied } = input;
  const hash = applied.branch?.hashAfter;
  const testIds = plan.nodes.filter((s) => s.kind === "test").map((s) => s.uniqueId);
  if (!plan.branch || !hash || testIds.length === 0 || applied.cancelled) return;
  const results: TestResult[] = applied.results
    .filter((r) => r.kind === "test")
    .map(
      (r) =>
        r.test ?? {
          uniqueId: r.uniqueId,
          status: "skipped",
          severity: "error",
          failures: 0,
          sampleRows: [],
          seconds: 0,
          message: r.message,
        },
    );
  const counts: Record<TestStatus, number> = { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  const selected = new Set(testIds);
  const complete = input.project.tests.every((t) => t.config.enabled === false || selected.has(t.uniqueId));
  // a model that failed leaves the branch unfit to publish even when its tests were merely skipped
  const passed = applied.success;
  await recordTestRun({
    catalog: input.catalog,
    projectRoot: plan.projectRoot,
    targetPath: plan.targetPath,
    branch: plan.branch.name,
    testedHash: hash,
    summary: { results, counts, complete, passed },
  });
}

/** `tform test`: compile and run the selected data tests with N workers, and count the outcomes. */
import type { Engine } from "../engine/engine.js";
import { TformError } from "../errors.js";
import type { UnitTestNode } from "../project/types.js";
import { compileNode, type RunContext } from "../render/compile-node.js";
import { compileUnitTest, unitTestOf } from "../render/compile-unit-test.js";
import type { ParsedProject } from "../render/parse-project.js";
import { executeTest, type TestResult, type TestStatus } from "./execute-test.js";
import { executeUnitTest } from "./execute-unit-test.js";

export interface RunTestsOptions {
  readonly parsed: ParsedProject;
  readonly engine: Engine;
  /** unique ids of the data and unit tests to run (from selectNodes with resourceTypes ["test", "unit_test"]) */
  readonly testIds: readonly string[];
  readonly run: RunContext;
  /**
   * Whether failing rows may be written for tests with store_failures: true on a branch or a catalog
   * without branches, false on the main branch of a branching catalog (failures are never written to main).
   */
  readonly storeFailuresAllowed: boolean;
  /** --store-failures: store for every test, as dbt's flag */
  readonly storeFailuresAll?: boolean;
  readonly threads?: number;
  readonly signal?: AbortSignal;
  readonly onResult?: (result: TestResult) => void;
}

export interface TestRunSummary {
  readonly results: readonly TestResult[];
  readonly counts: Readonly<Record<TestStatus, number>>;
  /** every enabled test of the project ran (a partial run does not qualify a hash for publish) */
  readonly complete: boolean;
  /** no test failed or errored (warnings pass) */
  readonly passed: boolean;
  readonly seconds: number;
}

export async function runTests(options: RunTestsOptions): Promise<TestRunSummary> {
  const started = performance.now();
  const { parsed, engine, run } = options;
  const createdSchemas = new Set<string>();
  const results = new Array<TestResult>(options.testIds.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.testIds.length) {
      const index = next++;
      const id = options.testIds[index]!;
      const result = options.signal?.aborted ? skipped(id, "cancelled") : await compileAndExecute(id);
      results[index] = result;
      options.onResult?.(result);
    }
  };
  const compileAndExecute = async (id: string): Promise<TestResult> => {
    const unitTest = unitTestOf(parsed, id);
    if (unitTest) return compileAndExecuteUnitTest(unitTest);
    const wantsStore = options.storeFailuresAll === true || parsed.nodes.get(id)?.config.store_failures === true;
    let compiled;
    try {
      compiled = await compileNode(parsed, id, run);
    } catch (e) {
      if (!(e instanceof TformError)) throw e;
      return {
        uniqueId: id,
        status: "error",
        severity: "error",
        failures: 0,
        sampleRows: [],
        seconds: 0,
        error: e,
        message: e.message,
      };
    }
    const result = await executeTest({
      engine,
      compiled,
      projectRoot: parsed.project.root,
      storeFailures: wantsStore && options.storeFailuresAllowed,
      signal: options.signal,
      createdSchemas,
    });
    return wantsStore && !options.storeFailuresAllowed
      ? { ...result, message: "store_failures skipped: failing rows are only stored on a branch, never on main" }
      : result;
  };
  const compileAndExecuteUnitTest = async (unitTest: UnitTestNode): Promise<TestResult> => {
    let compiled;
    try {
      compiled = await compileUnitTest(parsed, unitTest, run);
    } catch (e) {
      if (!(e instanceof TformError)) throw e;
      return { ...skipped(unitTest.uniqueId, e.message), status: "error", error: e };
    }
    return executeUnitTest({
      engine,
      compiled,
      projectRoot: parsed.project.root,
      session: { catalog: run.catalog, schema: parsed.target.schema },
      signal: options.signal,
    });
  };
  const threads = Math.max(1, Math.min(options.threads ?? 4, options.testIds.length));
  await Promise.all(Array.from({ length: threads }, worker));
  const counts: Record<TestStatus, number> = { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  const selected = new Set(options.testIds);
  const complete = parsed.project.tests.every((t) => t.config.enabled === false || selected.has(t.uniqueId));
  return {
    results,
    counts,
    complete,
    passed: counts.fail === 0 && counts.error === 0 && counts.skipped === 0,
    seconds: (performance.now() - started) / 1000,
  };
}

function skipped(uniqueId: string, message: string): TestResult {
  return { uniqueId, status: "skipped", severity: "error", failures: 0, sampleRows: [], seconds: 0, message };
}

/**
 * `tform test [--branch B]` as a library call: load and parse, select the tests, bind the branch's catalog (dropping
 * stored failures of an earlier run there), run the tests at the branch's current hash, write run_results.json and,
 * on a branch, record that hash as tested so `publish` may merge exactly it.
 */
import { randomUUID } from "node:crypto";
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { writeRunResults } from "../artifacts/run-results.js";
import { prepareProject, type ProjectOptions } from "../compile/prepare-project.js";
import type { NodeResult } from "../execute/run-event.js";
import { selectNodes } from "../graph/select.js";
import { openCatalog, openEngine } from "../publish/open-lakehouse.js";
import { bindRefCatalog } from "../publish/ref-catalog.js";
import { requireReference } from "../publish/references.js";
import { recordTestRun } from "../publish/tested-hash.js";
import type { TestResult } from "./execute-test.js";
import { runTests, type TestRunSummary } from "./run-tests.js";
import { dropStaleFailureTables } from "./stale-failure-tables.js";

export interface TestProjectOptions extends ProjectOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** test the tables of this branch and record its hash as tested; created from `from` (default main) when missing */
  readonly branch?: string;
  readonly from?: string;
  readonly threads?: number;
  /** --store-failures: store the failing rows of every test (on a branch or a catalog without branches) */
  readonly storeFailures?: boolean;
  readonly engine?: Engine;
  readonly catalog?: Catalog;
  readonly signal?: AbortSignal;
  /** hears the branch's hash before the first test, and each result as it ends */
  readonly onStart?: (info: {
    readonly branch?: string;
    readonly hash?: string;
    readonly tests: number;
    readonly droppedFailureTables: number;
  }) => void;
  readonly onResult?: (result: TestResult) => void;
}

export interface TestProjectResult extends TestRunSummary {
  /** the branch and the hash its tests ran at */
  readonly tested?: { readonly branch: string; readonly hash: string };
  /** target/run_results.json, relative to the project root */
  readonly runResultsPath: string;
}

export async function testProject(options: TestProjectOptions): Promise<TestProjectResult> {
  const { project, target, parsed, graph } = await prepareProject(options);
  const testIds = selectNodes(graph, {
    select: options.select,
    exclude: options.exclude,
    resourceTypes: ["test", "unit_test"],
  });
  const engine = options.engine ?? (await openEngine(target));
  try {
    let runCatalog = target.catalog;
    let tested: { catalog: Catalog; branch: string; hash: string } | undefined;
    let dropped = 0;
    if (options.branch !== undefined) {
      const catalog = options.catalog ?? (await openCatalog(target, "test on a branch"));
      // as `build --branch`: a branch that does not exist yet starts from main, so its tests read main's tables
      if (!(await catalog.getReference(options.branch)))
        await catalog.createBranch(
          options.branch,
          await requireReference(catalog, options.from ?? target.nessie!.defaultBranch),
        );
      runCatalog = await bindRefCatalog(engine, target, options.branch);
      dropped = (await dropStaleFailureTables({ catalog, engine, branch: options.branch, trinoCatalog: runCatalog }))
        .length;
      // read after the drops: they commit to the branch, and the tested hash must be the one the tests read
      tested = { catalog, branch: options.branch, hash: (await requireReference(catalog, options.branch)).hash };
    }
    options.onStart?.({
      branch: tested?.branch,
      hash: tested?.hash,
      tests: testIds.length,
      droppedFailureTables: dropped,
    });
    const invocationId = randomUUID();
    const summary = await runTests({
      parsed,
      engine,
      testIds,
      run: { catalog: runCatalog, invocationId, runStartedAt: new Date(), engine },
      storeFailuresAllowed: options.branch !== undefined || !target.nessie,
      storeFailuresAll: options.storeFailures,
      threads: options.threads ?? target.threads,
      signal: options.signal,
      onResult: options.onResult,
    });
    const results = summary.results.map((r): NodeResult => ({
      uniqueId: r.uniqueId,
      name: parsed.renderer.node(r.uniqueId)?.name ?? r.uniqueId,
      kind: r.uniqueId.startsWith("unit_test.") ? "unit-test" : "test",
      status: r.status,
      seconds: r.seconds,
      rows: r.failures,
      statements: [],
      ...(r.compiledPath ? { compiledPath: r.compiledPath } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.message ? { message: r.message } : {}),
      test: r,
    }));
    const runResultsPath = await writeRunResults({
      command: "test",
      projectRoot: project.root,
      targetPath: project.config.targetPath,
      targetName: target.name,
      invocationId,
      catalog: runCatalog,
      inPlace: options.branch === undefined,
      result: {
        results,
        success: summary.passed,
        cancelled: options.signal?.aborted === true,
        seconds: summary.seconds,
        ...(tested
          ? { branch: { name: tested.branch, created: false, hashBefore: tested.hash, hashAfter: tested.hash } }
          : {}),
      },
    });
    if (tested)
      await recordTestRun({
        catalog: tested.catalog,
        projectRoot: project.root,
        targetPath: project.config.targetPath,
        branch: tested.branch,
        testedHash: tested.hash,
        summary,
      });
    return { ...summary, ...(tested ? { tested: { branch: tested.branch, hash: tested.hash } } : {}), runResultsPath };
  } finally {
    if (!options.engine) await engine.close();
  }
}

/** `tform test [--branch dev] [--select …] [--exclude …] [--threads N] [--store-failures]` */
import type { Command } from "commander";
import { commandAction } from "../command-context.js";
import { ExitCode } from "../exit-code.js";
import type { TestResult } from "../../testing/execute-test.js";
import { loadTargetFor } from "./publish.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(/\s+/).filter(Boolean)];

function resultLine(r: TestResult): string {
  const label = { pass: "PASS", warn: "WARN", fail: "FAIL", error: "ERROR", skipped: "SKIP" }[r.status];
  const detail = r.status === "fail" || r.status === "warn" ? ` ${r.failures} failing row(s)` : r.status === "error" ? ` ${r.message ?? ""}` : "";
  return `${label.padEnd(5)} ${r.uniqueId}${detail} [${r.seconds.toFixed(2)}s]`;
}

export function configure(cmd: Command): void {
  cmd
    .option("--branch <name>", "test the tables on this Nessie branch and record the tested hash for publish")
    .option("-s, --select <selector>", "nodes to test (dbt selection syntax)", collect)
    .option("--exclude <selector>", "nodes to leave out", collect)
    .option("--threads <n>", "tests run in parallel", Number)
    .option("--store-failures", "store failing rows of every test in <schema>_dbt_test__audit on the branch");
  commandAction<{ branch?: string; select?: string[]; exclude?: string[]; threads?: number; storeFailures?: boolean }>(cmd, async (opts, ctx) => {
    const { project, target } = await loadTargetFor(ctx);
    const { parseProject } = await import("../../render/parse-project.js");
    const { buildGraph } = await import("../../graph/project-graph.js");
    const { selectNodes } = await import("../../graph/select.js");
    const { openCatalog, openEngine } = await import("../../publish/open-lakehouse.js");
    const { runTests } = await import("../../testing/run-tests.js");
    const parsed = await parseProject(project, target, { vars: ctx.vars });
    const testIds = selectNodes(buildGraph(parsed), { select: opts.select, exclude: opts.exclude, resourceTypes: ["test"] });
    const engine = await openEngine(target);
    try {
      let runCatalog = target.catalog;
      let branch: { catalog: Awaited<ReturnType<typeof openCatalog>>; testedHash: string } | undefined;
      if (opts.branch) {
        const { bindRefCatalog } = await import("../../publish/ref-catalog.js");
        const { requireReference } = await import("../../publish/references.js");
        const { dropStaleFailureTables } = await import("../../testing/stale-failure-tables.js");
        const catalog = await openCatalog(target, "test on a branch");
        await requireReference(catalog, opts.branch);
        runCatalog = await bindRefCatalog(engine, target, opts.branch);
        const dropped = await dropStaleFailureTables({ catalog, engine, branch: opts.branch, trinoCatalog: runCatalog });
        if (dropped.length > 0) ctx.print(`Dropped ${dropped.length} stored-failure table(s) of an earlier run.`);
        branch = { catalog, testedHash: (await requireReference(catalog, opts.branch)).hash };
        ctx.print(`Testing ${opts.branch}@${branch.testedHash} (${testIds.length} tests)`);
      }
      const summary = await runTests({
        parsed,
        engine,
        testIds,
        run: { catalog: runCatalog, invocationId: crypto.randomUUID(), runStartedAt: new Date(), engine },
        storeFailuresAllowed: opts.branch !== undefined || !target.nessie,
        storeFailuresAll: opts.storeFailures,
        threads: opts.threads ?? target.threads,
        onResult: (r) => ctx.print(resultLine(r)),
      });
      for (const r of summary.results.filter((x) => x.status === "fail" || x.status === "warn" || x.status === "error")) {
        ctx.print(`\n${r.status.toUpperCase()} ${r.uniqueId}${r.compiledPath ? `  (${r.compiledPath})` : ""}`);
        r.sampleRows.forEach((row) => ctx.print(`  ${JSON.stringify(row)}`));
        if (r.storedFailuresIn) ctx.print(`  failing rows stored in ${r.storedFailuresIn}`);
        if (r.message && r.status !== "error") ctx.print(`  ${r.message}`);
      }
      const c = summary.counts;
      ctx.print(`\nDone in ${summary.seconds.toFixed(1)} s. PASS=${c.pass} WARN=${c.warn} FAIL=${c.fail} ERROR=${c.error} SKIP=${c.skipped} TOTAL=${summary.results.length}`);
      if (opts.branch && branch) {
        const { recordTestRun, testedTagName } = await import("../../publish/tested-hash.js");
        await recordTestRun({ catalog: branch.catalog, projectRoot: project.root, targetPath: project.config.targetPath, branch: opts.branch, testedHash: branch.testedHash, summary });
        if (summary.passed && summary.complete) ctx.print(`Recorded ${opts.branch}@${branch.testedHash} as tested (tag ${testedTagName(opts.branch)}); publish may merge it.`);
        else ctx.print(`Recorded the run; ${opts.branch} cannot be published until ${summary.complete ? "every test passes" : "a run of every test passes (no --select)"}.`);
      }
      return c.fail > 0 ? ExitCode.testFailure : c.error > 0 ? ExitCode.executionError : ExitCode.ok;
    } finally {
      await engine.close();
    }
  });
}

/** `tform test [--branch dev] [--select …] [--exclude …] [--threads N] [--store-failures]` */
import type { Command } from "commander";
import { threadCount, referenceName } from "../option-values.js";
import { cancelOnSignals } from "../cancel-signals.js";
import { commandAction, type CommandContext } from "../command-context.js";
import { ExitCode, exitCodeForNodeErrors } from "../exit-code.js";
import { addSelectionOptions, projectOptionsFrom, selectorsOf, type SelectionFlags } from "../selection-options.js";
import type { TestResult } from "../../testing/execute-test.js";

export interface TestFlags extends SelectionFlags {
  readonly branch?: string;
  readonly from?: string;
  readonly threads?: number;
  readonly storeFailures?: boolean;
}

function resultLine(r: TestResult): string {
  const label = { pass: "PASS", warn: "WARN", fail: "FAIL", error: "ERROR", skipped: "SKIP" }[r.status];
  const detail =
    r.status === "fail" || r.status === "warn"
      ? ` ${r.failures} failing row(s)`
      : r.status === "error"
        ? ` ${r.message ?? ""}`
        : "";
  return `${label.padEnd(5)} ${r.uniqueId}${detail} [${r.seconds.toFixed(2)}s]`;
}

export function configure(cmd: Command): void {
  addSelectionOptions(cmd)
    .option(
      "--branch <name>",
      "test the tables on this Nessie branch and record the tested hash for publish",
      referenceName,
    )
    .option("--from <ref>", "the branch or tag a new --branch starts from")
    .option("--threads <n>", "tests run in parallel", threadCount)
    .option("--store-failures", "store failing rows of every test in <schema>_dbt_test__audit on the branch");
  commandAction<TestFlags>(cmd, (opts, ctx) => testCommand(ctx, opts));
}

/** Runs `tform test` with these flags and prints each result and the summary (retry calls it too). */
export async function testCommand(ctx: CommandContext, opts: TestFlags): Promise<number> {
  const { testProject } = await import("../../testing/test-project.js");
  const cancel = cancelOnSignals();
  try {
    const result = await testProject({
      ...projectOptionsFrom(ctx),
      select: selectorsOf(opts),
      exclude: opts.exclude,
      branch: opts.branch,
      from: opts.from,
      threads: opts.threads,
      storeFailures: opts.storeFailures,
      signal: cancel.signal,
      onStart: (s) => {
        if (s.droppedFailureTables > 0)
          ctx.print(`Dropped ${s.droppedFailureTables} stored-failure table(s) of an earlier run.`);
        if (s.branch) ctx.print(`Testing ${s.branch}@${s.hash} (${s.tests} tests)`);
      },
      onResult: (r) => ctx.print(resultLine(r)),
    });
    for (const r of result.results.filter((x) => x.status === "fail" || x.status === "warn" || x.status === "error")) {
      ctx.print(`\n${r.status.toUpperCase()} ${r.uniqueId}${r.compiledPath ? `  (${r.compiledPath})` : ""}`);
      r.sampleRows.forEach((row) => ctx.print(`  ${JSON.stringify(row)}`));
      if (r.storedFailuresIn) ctx.print(`  failing rows stored in ${r.storedFailuresIn}`);
      // a unit test's message is its diff table: every line indented
      if (r.message && r.status !== "error") ctx.print(r.message.replace(/^(?=.)/gm, "  "));
    }
    const c = result.counts;
    ctx.print(
      `\nDone in ${result.seconds.toFixed(1)} s. PASS=${c.pass} WARN=${c.warn} FAIL=${c.fail} ERROR=${c.error} SKIP=${c.skipped} TOTAL=${result.results.length}`,
    );
    ctx.print(`Run results: ${result.runResultsPath}`);
    if (result.tested) {
      const { testedTagName } = await import("../../publish/tested-hash.js");
      const { branch, hash } = result.tested;
      if (result.passed && result.complete)
        ctx.print(`Recorded ${branch}@${hash} as tested (tag ${testedTagName(branch)}); publish may merge it.`);
      else
        ctx.print(
          `Recorded the run; ${branch} cannot be published until ${result.complete ? "every test passes" : "a run of every test passes (no --select)"}.`,
        );
    }
    if (cancel.exitCode !== undefined) return cancel.exitCode;
    if (c.error > 0) {
      // an unreachable server outranks failing tests: their verdict may be incomplete
      const code = exitCodeForNodeErrors(result.results.map((r) => r.error));
      if (code === ExitCode.unreachable || c.fail === 0) return code;
    }
    return c.fail > 0 ? ExitCode.testFailure : ExitCode.ok;
  } finally {
    cancel.dispose();
  }
}

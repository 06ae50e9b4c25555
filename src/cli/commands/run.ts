/** `tform run [--branch dev] [--select …] [--threads N] [--full-refresh] [--dry-run]`; seed, snapshot and build share it. */
import type { Command } from "commander";
import { threadCount, referenceName } from "../option-values.js";
import type { NodeResult, RunEvent } from "../../execute/run-event.js";
import type { RunProjectOptions, RunProjectResult } from "../../execute/run-project.js";
import type { PlanCommand } from "../../plan/plan.js";
import { cancelOnSignals } from "../cancel-signals.js";
import { commandAction, type CommandContext } from "../command-context.js";
import { ExitCode, exitCodeForNodeErrors } from "../exit-code.js";
import { formatError } from "../output-error.js";
import { addSelectionOptions, projectOptionsFrom, selectorsOf, type SelectionFlags } from "../selection-options.js";

export interface RunFlags extends SelectionFlags {
  readonly threads?: number;
  readonly fullRefresh?: boolean;
  /** commander's --no-reuse */
  readonly reuse?: boolean;
  readonly dryRun?: boolean;
  readonly failFast?: boolean;
  readonly branch?: string;
  readonly from?: string;
}

const LABEL: Readonly<Record<NodeResult["status"], string>> = {
  success: "OK",
  reused: "REUSE",
  error: "ERROR",
  skipped: "SKIP",
  pass: "PASS",
  warn: "WARN",
  fail: "FAIL",
};

function what(kind: string, name: string, uniqueId: string): string {
  return `${kind === "materialize" ? uniqueId.split(".")[0] : kind} ${name}`;
}

function endLine(r: NodeResult): string {
  const rate = r.kind === "seed" && r.rows && r.seconds > 0 ? `${Math.round(r.rows / r.seconds)} rows/s` : "";
  const detail = [
    r.rows !== undefined
      ? `${r.rows} ${r.kind === "test" ? "failing " : r.kind === "unit-test" ? "differing " : ""}rows`
      : "",
    `${r.seconds.toFixed(2)}s`,
    rate,
    r.snapshotId ? `snapshot ${r.snapshotId}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `${LABEL[r.status].padEnd(5)} ${what(r.kind, r.name, r.uniqueId)}${r.status === "skipped" || r.status === "reused" ? ` (${r.message ?? r.status})` : ` [${detail}]`}`;
}

/** Plain lines in CI; on a TTY a live "running …" line is kept under them. */
function progressPrinter(ctx: CommandContext): { onEvent: (e: RunEvent) => void; clear: () => void } {
  const tty = ctx.io.stdout.isTTY === true;
  const running = new Map<string, string>();
  let done = 0;
  let total = 0;
  const clear = (): void => void (tty && ctx.io.stdout.write("\r\x1b[2K"));
  const status = (): void => {
    if (tty && running.size > 0)
      ctx.io.stdout.write(`[${done}/${total}] running ${[...running.values()].join(", ")}`.slice(0, 200));
  };
  return {
    clear,
    onEvent: (e) => {
      clear();
      if (e.kind === "warning")
        ctx.warn(
          `Warning ${e.warning.code}${e.warning.location ? ` (${e.warning.location.file})` : ""}: ${e.warning.message}`,
        );
      else if (e.kind === "setup")
        ctx.print(
          `      ${e.step.kind} ${e.step.kind === "create-branch" ? `${e.step.branch} from ${e.step.from.name}` : e.step.kind === "create-catalog" ? `${e.step.catalog} → branch ${e.step.branch}` : `${e.step.catalog}.${e.step.schema}`} [${e.seconds.toFixed(2)}s]`,
        );
      else if (e.kind === "node-start") {
        total = e.total;
        running.set(e.step.uniqueId, e.step.name);
        ctx.print(
          `${String(e.index).padStart(4)} of ${e.total} START ${what(e.step.kind, e.step.name, e.step.uniqueId)}`,
        );
      } else {
        done++;
        running.delete(e.result.uniqueId);
        ctx.print(`${String(e.index).padStart(4)} of ${e.total} ${endLine(e.result)}`);
      }
      status();
    },
  };
}

export function report(ctx: CommandContext, result: RunProjectResult): number {
  if (result.explained !== undefined) {
    ctx.print(result.explained);
    return ExitCode.ok;
  }
  const applied = result.applied!;
  for (const r of applied.results) {
    if (r.error) ctx.print(`\n${formatError(r.error, { debug: ctx.debug })}`);
    // a failing unit test shows the rows that differ, as dbt does
    else if (r.kind === "unit-test" && r.status === "fail" && r.message)
      ctx.print(`\nFAIL unit test ${r.name} (${r.uniqueId}): ${r.message.replace(/\n(?=.)/g, "\n  ")}`);
  }
  const c = applied.counts;
  const where = result.inPlace
    ? `in place in ${result.plan.runCatalog} (no branches)`
    : `on branch ${applied.branch?.name} ${applied.branch?.hashBefore.slice(0, 12)} → ${applied.branch?.hashAfter?.slice(0, 12) ?? "?"}`;
  ctx.print(
    `\nDone ${where} in ${applied.seconds.toFixed(1)} s. OK=${c.success}${c.reused > 0 ? ` REUSED=${c.reused}` : ""} PASS=${c.pass} WARN=${c.warn} FAIL=${c.fail} ERROR=${c.error} SKIP=${c.skipped} TOTAL=${applied.results.length}`,
  );
  if (result.runResultsPath) ctx.print(`Run results: ${result.runResultsPath}`);
  if (applied.cancelled) return ExitCode.cancelled;
  if (c.error > 0) return exitCodeForNodeErrors(applied.results.map((r) => r.error));
  if (c.fail > 0) return ExitCode.testFailure;
  return c.skipped > 0 ? ExitCode.executionError : ExitCode.ok;
}

export function configureRunCommand(cmd: Command, command: PlanCommand): void {
  addSelectionOptions(cmd)
    .option("--threads <n>", "nodes run in parallel (default: the target's threads)", threadCount)
    .option("--full-refresh", "rebuild incremental models (and seeds) from scratch")
    .option("--no-reuse", "rebuild every selected table, even those whose fingerprint is unchanged")
    .option("--dry-run", "print the plan (steps and SQL) without running it")
    .option("-x, --fail-fast", "stop at the first model that fails or test that fails: cancel what runs, skip the rest")
    .option(
      "--branch <name>",
      "build on this Nessie branch, created from --from (default main) when missing",
      referenceName,
    )
    .option("--from <ref>", "the branch or tag a new --branch starts from");
  commandAction<RunFlags>(cmd, (opts, ctx) => runCommand(ctx, command, opts));
}

/** Runs `tform run|seed|snapshot|build` with these flags and prints its progress and summary (retry calls it too). */
export async function runCommand(ctx: CommandContext, command: PlanCommand, opts: RunFlags): Promise<number> {
  const library = await import("../../execute/run-project.js");
  const entry = {
    run: library.runProject,
    seed: library.seedProject,
    snapshot: library.snapshotProject,
    build: library.buildProject,
  }[command];
  const printer = progressPrinter(ctx);
  const cancel = cancelOnSignals();
  try {
    const options: RunProjectOptions = {
      ...projectOptionsFrom(ctx),
      target: ctx.target,
      select: selectorsOf(opts),
      exclude: opts.exclude,
      threads: opts.threads,
      fullRefresh: opts.fullRefresh,
      noReuse: opts.reuse === false,
      dryRun: opts.dryRun,
      failFast: opts.failFast,
      branch: opts.branch,
      from: opts.from,
      signal: cancel.signal,
      onEvent: printer.onEvent,
    };
    const code = report(ctx, await entry(options));
    return code === ExitCode.cancelled ? (cancel.exitCode ?? code) : code;
  } finally {
    printer.clear();
    cancel.dispose();
  }
}

export function configure(cmd: Command): void {
  configureRunCommand(cmd, "run");
}

/** `tform source freshness [--branch B] [-s source:x] [--threads N]`: dbt's source freshness, target/sources.json. */
import type { Command } from "commander";
import { threadCount, referenceName } from "../option-values.js";
import type { FreshnessResult } from "../../freshness/check-freshness.js";
import { commandAction } from "../command-context.js";
import { ExitCode } from "../exit-code.js";
import { projectOptionsFrom, selectionFrom } from "../selection-options.js";

const LABEL: Readonly<Record<FreshnessResult["status"], string>> = {
  pass: "PASS",
  warn: "WARN",
  error: "ERROR STALE",
  "runtime error": "ERROR",
};
const name = (r: { sourceName: string; tableName?: string; name?: string }): string =>
  `${r.sourceName}.${r.tableName ?? r.name}`;

export function configure(cmd: Command): void {
  const freshness = cmd
    .command("freshness")
    .description(
      "Query max(loaded_at_field) of sources with a freshness threshold; pass, warn or error; write target/sources.json",
    )
    .option("-s, --select <selector...>", "sources to check, e.g. source:raw or source:raw.orders (default: all)")
    .option("--exclude <selector...>", "sources to leave out")
    .option(
      "--branch <name>",
      "read the sources on this Nessie branch (default: the target's catalog, main read only)",
      referenceName,
    )
    .option("--threads <n>", "sources checked in parallel (default: the target's threads)", threadCount);
  commandAction<{ select?: string[]; exclude?: string[]; branch?: string; threads?: number }>(
    freshness,
    async (opts, ctx) => {
      const { sourceFreshness } = await import("../../freshness/run-freshness.js");
      const width = (total: number) => String(total).length;
      const run = await sourceFreshness({
        ...projectOptionsFrom(ctx),
        ...selectionFrom(opts, ctx),
        ...(opts.branch !== undefined ? { branch: opts.branch } : {}),
        ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
        onStart: (s, i, total) =>
          ctx.print(`${String(i).padStart(width(total))} of ${total} START freshness of ${name(s)}`),
        onResult: (r, i, total) =>
          ctx.print(
            `${String(i).padStart(width(total))} of ${total} ${LABEL[r.status]} freshness of ${name(r)} [${LABEL[r.status]} in ${((r.completedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(2)}s]`,
          ),
      });
      if (run.results.length === 0)
        ctx.print("No selected source has a freshness threshold (warn_after or error_after).");
      for (const r of run.results) {
        if (r.status === "runtime error") ctx.print(`\nError in source ${name(r)}: ${r.message ?? ""}`);
        else if (r.status === "error")
          ctx.print(
            `\nSource ${name(r)} is stale: loaded ${Math.round(r.ageSeconds ?? 0)} s ago, past error_after ${r.criteria.errorAfter?.count} ${r.criteria.errorAfter?.period}(s).`,
          );
      }
      const count = (s: FreshnessResult["status"]) => run.results.filter((r) => r.status === s).length;
      const where = run.location.branch
        ? ` on branch ${run.location.branch.name}@${run.location.branch.hash.slice(0, 12)}`
        : "";
      ctx.print(
        `\nDone${where} in ${run.seconds.toFixed(1)} s. PASS=${count("pass")} WARN=${count("warn")} ERROR STALE=${count("error")} ERROR=${count("runtime error")} TOTAL=${run.results.length}`,
      );
      ctx.print(`Wrote ${run.sourcesPath}`);
      // as dbt: a stale source past error_after, or one that could not be measured, fails the command
      return run.success ? ExitCode.ok : ExitCode.executionError;
    },
  );
}

/** `tform retry`: rerun the nodes that errored, failed or were skipped in the last run, with its command and branch. */
import type { Command } from "commander";
import { threadCount } from "../option-values.js";
import { commandAction } from "../command-context.js";
import { runCommand } from "./run.js";
import { testCommand } from "./test.js";

export function configure(cmd: Command): void {
  cmd.option("--threads <n>", "nodes run in parallel (default: the target's threads)", threadCount);
  commandAction<{ threads?: number }>(cmd, async (opts, ctx) => {
    const { loadTargetFor } = await import("./publish.js");
    const { retrySelection } = await import("../../execute/retry-selection.js");
    const { project } = await loadTargetFor(ctx);
    const retry = await retrySelection(project.root, project.config.targetPath);
    if (retry.select.length === 0) {
      ctx.print(`Nothing to retry: every node of the last ${retry.command} succeeded.`);
      return 0;
    }
    ctx.print(
      `Retrying ${retry.select.length} node(s) of the last ${retry.command}${retry.branch ? ` on branch ${retry.branch}` : ""}: ${retry.select.join(" ")}`,
    );
    const flags = {
      select: [...retry.select],
      threads: opts.threads,
      ...(retry.branch ? { branch: retry.branch } : {}),
    };
    return retry.command === "test" ? testCommand(ctx, flags) : runCommand(ctx, retry.command, flags);
  });
}

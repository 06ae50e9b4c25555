/** `tform rollback [--to TAG] [--yes]` */
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { referenceName } from "../option-values.js";
import { ExitCode } from "../exit-code.js";
import { commandAction } from "../command-context.js";
import { changeLine, loadTargetFor } from "./publish.js";

export function configure(cmd: Command): void {
  cmd
    .option("--to <tag>", "release tag to return to (default: the previous release)")
    .option("--branch <name>", "branch to move", referenceName, "main")
    .option("--yes", "do not ask for confirmation (CI)");
  commandAction<{ to?: string; branch: string; yes?: boolean }>(cmd, async (opts, ctx) => {
    const { target } = await loadTargetFor(ctx);
    const { openCatalog } = await import("../../publish/open-lakehouse.js");
    const { rollback } = await import("../../publish/rollback.js");
    const result = await rollback({
      catalog: await openCatalog(target, "roll back"),
      branch: opts.branch,
      to: opts.to,
      confirm: async (plan) => {
        ctx.print(`Roll ${plan.branch} back from ${plan.fromHash} to ${plan.to.name} (${plan.to.hash}):`);
        plan.changes.forEach((c) => ctx.print(changeLine(c)));
        if (plan.changes.length === 0) ctx.print("  (no table changes)");
        if (opts.yes) return true;
        if (!process.stdin.isTTY) {
          ctx.warn("Not a terminal: pass --yes to roll back without a prompt.");
          return false;
        }
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        const answer = await rl.question("Proceed? [y/N] ");
        rl.close();
        return /^y(es)?$/i.test(answer.trim());
      },
    });
    if (!result.applied) {
      ctx.print(
        result.to.hash === result.fromHash
          ? `${result.branch} is already at ${result.to.name}.`
          : "Rollback cancelled; nothing changed.",
      );
      return result.to.hash === result.fromHash ? ExitCode.ok : ExitCode.cancelled;
    }
    ctx.print(`${result.branch}: ${result.fromHash} → ${result.resultHash} (${result.to.name})`);
  });
}

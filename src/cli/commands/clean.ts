/** `tform clean`: delete the clean-targets of dbt_project.yml (default: the target path), never outside the project. */
import type { Command } from "commander";
import { commandAction } from "../command-context.js";

export function configure(cmd: Command): void {
  commandAction(cmd, async (_opts, ctx) => {
    const { cleanProject } = await import("../../project/clean-project.js");
    const result = await cleanProject({ projectDir: ctx.projectDir, vars: ctx.vars, env: ctx.io.env });
    for (const p of result.removed) ctx.print(`Cleaned ${p}/`);
    for (const p of result.absent) ctx.print(`Nothing to clean at ${p}/`);
    ctx.print("Finished cleaning all paths.");
  });
}

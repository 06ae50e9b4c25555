/**
 * `tform clean`: delete the clean-targets of dbt_project.yml (default: the target path), never outside the project.
 * `tform clean --branches`: remove what published branch builds left in Nessie and Trino (publish/clean-branches.ts).
 */
import type { Command } from "commander";
import { commandAction, type CommandContext } from "../command-context.js";
import { referenceName } from "../option-values.js";
import { loadTargetFor } from "./publish.js";

interface CleanFlags {
  branches?: boolean;
  into: string;
  dryRun?: boolean;
}

export function configure(cmd: Command): void {
  cmd
    .option("--branches", "delete branches whose head main holds, their tags and Trino catalogs, and staging tables")
    .option("--into <branch>", "with --branches: the branch releases are published into", referenceName, "main")
    .option("--dry-run", "with --branches: list what would be removed, remove nothing");
  commandAction<CleanFlags>(cmd, async (flags, ctx) => {
    if (flags.branches) return cleanBranchesCommand(flags, ctx);
    const { cleanProject } = await import("../../project/clean-project.js");
    const result = await cleanProject({ projectDir: ctx.projectDir, vars: ctx.vars, env: ctx.io.env });
    for (const p of result.removed) ctx.print(`Cleaned ${p}/`);
    for (const p of result.absent) ctx.print(`Nothing to clean at ${p}/`);
    ctx.print("Finished cleaning all paths.");
  });
}

async function cleanBranchesCommand(flags: CleanFlags, ctx: CommandContext): Promise<void> {
  const { target } = await loadTargetFor(ctx);
  const { openCatalog, openEngine } = await import("../../publish/open-lakehouse.js");
  const { cleanBranches } = await import("../../publish/clean-branches.js");
  const catalog = await openCatalog(target, "clean --branches");
  const engine = await openEngine(target);
  try {
    const r = await cleanBranches({ catalog, engine, target, into: flags.into, dryRun: flags.dryRun });
    const verb = flags.dryRun ? "Would remove" : "Removed";
    const line = (what: string, names: readonly string[]) =>
      names.length > 0 && ctx.print(`${verb} ${names.length} ${what}: ${names.join(", ")}`);
    line(`published branch${r.branches.length === 1 ? "" : "es"}`, r.branches);
    line(`tested tag${r.tags.length === 1 ? "" : "s"}`, r.tags);
    line(`Trino catalog${r.catalogs.length === 1 ? "" : "s"}`, r.catalogs);
    line(`staging table${r.stagingTables.length === 1 ? "" : "s"}`, r.stagingTables);
    if (r.kept.length > 0) ctx.print(`Kept ${r.kept.length} unpublished: ${r.kept.join(", ")}`);
    if (r.branches.length + r.tags.length + r.catalogs.length + r.stagingTables.length === 0)
      ctx.print("Nothing to clean.");
  } finally {
    await engine.close();
  }
}

/** `tform publish --branch dev [--into main] [--dry-run] [--tag NAME]` */
import type { Command } from "commander";
import { referenceName } from "../option-values.js";
import { commandAction, type CommandContext } from "../command-context.js";
import { projectOptionsFrom } from "../selection-options.js";
import type { TableChange } from "../../publish/merge-changes.js";

/** The project and its target as every command reads them (partial parsing, the command's environment). */
export async function loadTargetFor(ctx: CommandContext) {
  const { loadProjectAndTarget } = await import("../../compile/prepare-project.js");
  return loadProjectAndTarget(projectOptionsFrom(ctx));
}

export const changeLine = (c: TableChange): string =>
  `  ${c.change.padEnd(8)} ${c.key.join(".")}${c.kind === "ICEBERG_TABLE" ? "" : ` (${c.kind.toLowerCase()})`}`;

export function configure(cmd: Command): void {
  cmd
    .requiredOption("--branch <name>", "the tested branch to publish", referenceName)
    .option("--into <branch>", "branch to merge into", referenceName, "main")
    .option("--dry-run", "list what would change on the target, write nothing")
    .option("--tag <name>", "release tag for the new head (default release-<UTC timestamp>)", referenceName);
  commandAction<{ branch: string; into: string; dryRun?: boolean; tag?: string }>(cmd, async (opts, ctx) => {
    const { project, target } = await loadTargetFor(ctx);
    const { openCatalog } = await import("../../publish/open-lakehouse.js");
    const { collectProvenance } = await import("../../publish/provenance.js");
    const { publish } = await import("../../publish/publish.js");
    const { viewBinderFor } = await import("../../publish/open-lakehouse.js");
    const catalog = await openCatalog(target, "publish");
    const started = performance.now();
    const result = await publish({
      catalog,
      projectRoot: project.root,
      targetPath: project.config.targetPath,
      branch: opts.branch,
      into: opts.into,
      dryRun: opts.dryRun === true,
      tag: opts.tag,
      provenance: await collectProvenance({ projectRoot: project.root, project: project.config.name, env: ctx.io.env }),
      bindViews: viewBinderFor(catalog, target),
    });
    const ms = Math.round(performance.now() - started);
    const landed = result.alreadyPublished;
    if (landed) {
      const tagged =
        landed.tag === undefined
          ? ""
          : landed.tagCreated
            ? `; created the missing tag ${landed.tag}`
            : `, tagged ${landed.tag}`;
      return void ctx.print(
        `Already published: ${opts.into} holds ${opts.branch}@${result.testedHash} since ${landed.hash}${tagged}. Merged nothing.`,
      );
    }
    if (result.changes.length === 0)
      return void ctx.print(`Nothing to publish: ${opts.into} already has ${opts.branch}@${result.testedHash}.`);
    ctx.print(
      `${result.dryRun ? "Would publish" : "Published"} ${opts.branch}@${result.testedHash} into ${opts.into} (${result.changes.length} change(s)):`,
    );
    result.changes.forEach((c) => ctx.print(changeLine(c)));
    if (result.dryRun)
      return void ctx.print(`Dry run: ${opts.into} stays at ${result.intoHashBefore}; the merge would be clean.`);
    if (result.reboundViews.length > 0)
      ctx.print(
        `${result.reboundViews.length} view(s) now read ${target.catalog}: ${result.reboundViews.map((k) => k.join(".")).join(", ")}`,
      );
    ctx.print(`${opts.into}: ${result.intoHashBefore} → ${result.intoHashAfter}   tag ${result.tag}   (${ms} ms)`);
  });
}

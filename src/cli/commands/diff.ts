/** `tform diff --branch dev [--into main] [--select …]` */
import type { Command } from "commander";
import { referenceName } from "../option-values.js";
import { commandAction } from "../command-context.js";
import { addSelectionOptions, selectorsOf, type SelectionFlags } from "../selection-options.js";
import { loadTargetFor } from "./publish.js";

export function configure(cmd: Command): void {
  cmd
    .requiredOption("--branch <name>", "branch to compare", referenceName)
    .option("--into <branch>", "branch to compare with", referenceName, "main");
  addSelectionOptions(cmd);
  commandAction<SelectionFlags & { branch: string; into: string }>(cmd, async (opts, ctx) => {
    const { project, target } = await loadTargetFor(ctx);
    const { parseProject } = await import("../../render/parse-project.js");
    const { buildGraph } = await import("../../graph/project-graph.js");
    const { selectNodes } = await import("../../graph/select.js");
    const { openCatalog, openEngine } = await import("../../publish/open-lakehouse.js");
    const { bindRefCatalog } = await import("../../publish/ref-catalog.js");
    const { diffBranch } = await import("../../publish/diff-branch.js");
    const parsed = await parseProject(project, target, { vars: ctx.vars });
    const ids = selectNodes(buildGraph(parsed), {
      select: selectorsOf(opts),
      exclude: opts.exclude,
      resourceTypes: ["model", "seed"],
    });
    const models = ids.flatMap((id) => {
      const node = parsed.nodes.get(id);
      return node && node.config.materialized !== "ephemeral"
        ? [{ uniqueId: id, schema: node.relation.schema, identifier: node.relation.identifier }]
        : [];
    });
    const catalog = await openCatalog(target, "diff");
    const engine = await openEngine(target);
    try {
      const [branchCatalog, intoCatalog] = await Promise.all([
        bindRefCatalog(engine, target, opts.branch),
        opts.into === (target.nessie?.defaultBranch ?? "main")
          ? target.catalog
          : bindRefCatalog(engine, target, opts.into),
      ]);
      const rows = await diffBranch({
        catalog,
        engine,
        branch: opts.branch,
        into: opts.into,
        branchCatalog,
        intoCatalog,
        models,
      });
      const n = (v: number | undefined) => (v === undefined ? "-" : String(v));
      ctx.print(`${"model".padEnd(40)} ${"status".padEnd(10)} ${opts.branch.padStart(12)} ${opts.into.padStart(12)}`);
      for (const r of rows)
        ctx.print(
          `${`${r.schema}.${r.identifier}`.padEnd(40)} ${r.status.padEnd(10)} ${n(r.branchRows).padStart(12)} ${n(r.intoRows).padStart(12)}`,
        );
    } finally {
      await engine.close();
    }
  });
}

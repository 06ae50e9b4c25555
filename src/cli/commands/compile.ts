/** tform compile: rendered SQL under target/compiled/<project>/ and target/manifest.json. */
import path from "node:path";
import type { Command } from "commander";
import { compileProject } from "../../compile/compile-project.js";
import { commandAction } from "../command-context.js";
import { printProjectSummary } from "../output-summary.js";
import { addSelectionOptions, projectOptionsFrom, selectionFrom, type SelectionFlags } from "../selection-options.js";

export function configure(cmd: Command): void {
  addSelectionOptions(cmd);
  commandAction<SelectionFlags>(cmd, async (opts, ctx) => {
    const started = performance.now();
    const result = await compileProject({ ...projectOptionsFrom(ctx), ...selectionFrom(opts, ctx) });
    printProjectSummary(ctx, result.project, result.graph, result.warnings);
    const compiled = [...result.compiled.values()];
    // like dbt, selecting a single model shows its SQL right away (its tests come along by indirect selection)
    const models = compiled.filter((c) => result.graph.nodes.get(c.uniqueId)?.resourceType === "model");
    if (opts.select && models.length === 1)
      ctx.print(`Compiled ${models[0]!.uniqueId}:\n${models[0]!.compiledSql.trim()}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const where =
      path.relative(
        ctx.io.cwd,
        path.join(result.project.root, result.project.config.targetPath, "compiled", result.project.config.name),
      ) || ".";
    if (ctx.debug) {
      ctx.warn(
        `Timings: ${Object.entries(result.timings)
          .map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`)
          .join(", ")}; files written ${result.files.written}, unchanged ${result.files.unchanged}`,
      );
      ctx.warn(
        `Partial parse: project ${result.loadedFrom === "hit" ? "reused" : result.loadedFrom === "patched" ? "reused with edited models" : "loaded afresh"}; reused ${result.parsed.reused} of ${result.parsed.nodes.size} parse results and ${result.reusedCompiled} of ${compiled.length} compiled nodes`,
      );
    }
    ctx.print(
      `Compiled ${compiled.length} of ${result.selected.length} selected nodes into ${where}/ and wrote ${path.relative(ctx.io.cwd, result.manifestPath)} in ${seconds} s`,
    );
    return 0;
  });
}

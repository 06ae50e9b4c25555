/** tform parse: load and parse the project, write target/manifest.json, report counts and warnings. */
import path from "node:path";
import type { Command } from "commander";
import { parseProjectDir } from "../../compile/parse-project-dir.js";
import { commandAction } from "../command-context.js";
import { printProjectSummary } from "../output-summary.js";
import { projectOptionsFrom } from "../selection-options.js";

export function configure(cmd: Command): void {
  commandAction(cmd, async (_opts, ctx) => {
    const started = performance.now();
    const result = await parseProjectDir(projectOptionsFrom(ctx));
    printProjectSummary(ctx, result.project, result.graph, result.warnings);
    ctx.print(
      `Wrote ${path.relative(ctx.io.cwd, result.manifestPath)} in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    return 0;
  });
}

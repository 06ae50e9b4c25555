/** `tform deps`: local packages linked into the packages folder; hub/git ones must already be vendored there. */
import type { Command } from "commander";
import { commandAction } from "../command-context.js";

export function configure(cmd: Command): void {
  commandAction(cmd, async (_opts, ctx) => {
    const { installPackages } = await import("../../project/install-packages.js");
    const result = await installPackages({ projectDir: ctx.projectDir, vars: ctx.vars, env: ctx.io.env });
    if (!result.file) return void ctx.warn("Warning: No packages were found in packages.yml");
    for (const p of result.packages) {
      if (p.action === "kept")
        ctx.print(`${p.name}: already in ${p.folder}/, kept (${p.kind === "local" ? `local ${p.from}` : p.from})`);
      else
        ctx.print(
          `Installed ${p.name} from <local @ ${p.from}> into ${p.folder}/ (${p.action === "linked" ? "symbolic link" : "copy"})`,
        );
    }
    ctx.print(`${result.packages.length} package(s) from ${result.file} in ${result.installPath}/`);
  });
}

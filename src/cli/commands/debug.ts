/** `tform debug`: dbt's debug for tform: project, profile, Trino, Nessie and the catalog mode, each checked. */
import type { Command } from "commander";
import { tformVersion } from "../../artifacts/tform-version.js";
import { commandAction } from "../command-context.js";
import { ExitCode } from "../exit-code.js";

const STATUS = { ok: "OK", failed: "ERROR", skipped: "SKIPPED" } as const;

export function configure(cmd: Command): void {
  commandAction(cmd, async (_opts, ctx) => {
    const { debugProject } = await import("../../operations/debug-checks.js");
    const report = await debugProject({
      projectDir: ctx.projectDir,
      vars: ctx.vars,
      env: ctx.io.env,
      ...(ctx.profilesDir !== undefined ? { profilesDir: ctx.profilesDir } : {}),
      ...(ctx.target !== undefined ? { targetName: ctx.target } : {}),
    });
    ctx.print(`tform version: ${tformVersion()}`);
    ctx.print(`node version: ${process.version}`);
    ctx.print(`Using dbt_project.yml file at ${report.projectFile}`);
    if (report.profilesFile) ctx.print(`Using profiles.yml file at ${report.profilesFile}`);
    if (report.connection) {
      ctx.print("Connection:");
      for (const [key, value] of Object.entries(report.connection)) ctx.print(`  ${key}: ${value}`);
    }
    ctx.print("Checks:");
    for (const c of report.checks) ctx.print(`  ${c.name.padEnd(13)} [${STATUS[c.status]}] ${c.detail}`);
    const failed = report.checks.filter((c) => c.status === "failed");
    if (failed.length === 0) {
      ctx.print("All checks passed!");
      return ExitCode.ok;
    }
    ctx.print(`${failed.length} check${failed.length === 1 ? "" : "s"} failed.`);
    return failed.some((c) => c.failure === "config") ? ExitCode.projectError : ExitCode.unreachable;
  });
}

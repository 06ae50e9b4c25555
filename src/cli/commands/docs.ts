/** `tform docs generate [--branch B] [--no-compile]`: target/manifest.json and target/catalog.json, as dbt's. */
import path from "node:path";
import type { Command } from "commander";
import { commandAction } from "../command-context.js";
import { ExitCode } from "../exit-code.js";
import { projectOptionsFrom } from "../selection-options.js";

export function configure(cmd: Command): void {
  const generate = cmd
    .command("generate")
    .description(
      "Compile the project and write target/catalog.json: the columns and types Trino reports for every model, seed and source that exists",
    )
    .option(
      "--branch <name>",
      "read the relations on this Nessie branch (default: the target's catalog, main read only)",
    )
    .option("--no-compile", "only parse the project for the manifest (dbt's --no-compile)");
  commandAction<{ branch?: string; compile: boolean }>(generate, async (opts, ctx) => {
    const { generateDocs } = await import("../../docs/generate-docs.js");
    const result = await generateDocs({
      ...projectOptionsFrom(ctx),
      compile: opts.compile,
      ...(opts.branch !== undefined ? { branch: opts.branch } : {}),
    });
    const nodes = Object.keys(result.catalog.nodes).length;
    const sources = Object.keys(result.catalog.sources).length;
    const where = result.location.branch
      ? `branch ${result.location.branch.name} (catalog ${result.location.catalog})`
      : `catalog ${result.location.catalog}`;
    ctx.print(`Wrote ${path.relative(ctx.io.cwd, result.manifestPath) || result.manifestPath}`);
    ctx.print(`Catalog of ${where}: ${nodes} node(s) and ${sources} source(s) found of ${result.wanted} looked for`);
    for (const e of result.catalog.errors ?? []) ctx.warn(`Error reading the catalog of ${e}`);
    ctx.print(`Catalog written to ${result.catalogPath}`);
    return result.catalog.errors ? ExitCode.executionError : ExitCode.ok;
  });
}

/**
 * `tform docs generate [--branch B] [--no-compile]`: target/manifest.json and target/catalog.json, as dbt's, and the
 * docs site target/docs/index.html; `tform docs serve [--port N]` serves that site on 127.0.0.1 until Ctrl-C.
 */
import path from "node:path";
import type { Command } from "commander";
import { referenceName } from "../option-values.js";
import { commandAction } from "../command-context.js";
import { ExitCode } from "../exit-code.js";
import { projectOptionsFrom } from "../selection-options.js";

export function configure(cmd: Command): void {
  const generate = cmd
    .command("generate")
    .description(
      "Compile the project, write target/catalog.json (the columns, types and Iceberg row counts and sizes Trino reports for every model, seed and source that exists) and the docs site target/docs/index.html",
    )
    .option(
      "--branch <name>",
      "read the relations on this Nessie branch (default: the target's catalog, main read only)",
      referenceName,
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
    ctx.print(`Catalog written to ${result.catalogPath} (${result.measured} Iceberg table(s) measured)`);
    if (result.sitePath)
      ctx.print(`Docs site written to ${result.sitePath} (open it in a browser, or: tform docs serve)`);
    return result.catalog.errors ? ExitCode.executionError : ExitCode.ok;
  });
  const serve = cmd
    .command("serve")
    .description("Serve the docs site (target/docs/, from tform docs generate) on 127.0.0.1 until Ctrl-C")
    .option("--port <n>", "port to listen on (0: any free port)", Number, 8580);
  commandAction<{ port: number }>(serve, async (opts, ctx) => {
    const { serveDocs } = await import("../../docs/serve-docs.js");
    const server = await serveDocs({ projectDir: ctx.projectDir, vars: ctx.vars, env: ctx.io.env, port: opts.port });
    ctx.print(`Serving the docs at ${server.url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    await server.close();
    return ExitCode.ok;
  });
}

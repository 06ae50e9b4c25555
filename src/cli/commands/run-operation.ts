/** `tform run-operation MACRO [--args '{k: v}'] [--branch B] [--from REF]` */
import type { Command } from "commander";
import { referenceName } from "../option-values.js";
import { commandAction } from "../command-context.js";
import { projectOptionsFrom } from "../selection-options.js";

export function configure(cmd: Command): void {
  cmd
    .argument("<macro>", "macro name, or package.name")
    .option("--args <yaml>", "keyword arguments as a YAML mapping, e.g. '{table: orders, days: 7}'")
    .option(
      "--branch <name>",
      "run on this Nessie branch, created from --from (default main) when missing",
      referenceName,
    )
    .option("--from <ref>", "the branch or tag a new --branch starts from");
  commandAction<{ args?: string; branch?: string; from?: string }>(cmd, async (opts, ctx, args) => {
    const { parseMacroArgs, runOperation } = await import("../../operations/run-operation.js");
    const result = await runOperation({
      ...projectOptionsFrom(ctx),
      macro: args[0]!,
      args: await parseMacroArgs(opts.args),
      ...(opts.branch !== undefined ? { branch: opts.branch } : {}),
      ...(opts.from !== undefined ? { from: opts.from } : {}),
    });
    for (const line of result.logs) ctx.print(line);
    const where = result.branch
      ? `on branch ${result.branch.name}${result.branch.created ? " (created)" : ""}, catalog ${result.runCatalog}`
      : `in ${result.runCatalog}`;
    ctx.print(`Ran ${result.uniqueId} ${where}: ${result.statements.length} statement(s)`);
    if (ctx.debug)
      result.statements.forEach((s) => ctx.warn(`  ${s.queryId ?? "-"}  ${s.sql.replace(/\s+/g, " ").slice(0, 200)}`));
  });
}

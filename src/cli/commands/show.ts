/** `tform show MODEL --at TAG|SNAPSHOT|TIMESTAMP [--limit N]` */
import type { Command } from "commander";
import { commandAction, type CommandContext } from "../command-context.js";
import { ProjectError } from "../../errors.js";
import { ProjectCode } from "../../project/project-code.js";
import { loadTargetFor } from "./publish.js";

/** The model's table on main (schema and name after generate_schema_name / alias). */
export async function modelTable(ctx: CommandContext, name: string) {
  const { project, target } = await loadTargetFor(ctx);
  const { parseProject } = await import("../../render/parse-project.js");
  const parsed = await parseProject(project, target, { vars: ctx.vars });
  const node = [...project.models, ...project.seeds].find((n) => n.name === name);
  const relation = node && parsed.nodes.get(node.uniqueId)?.relation;
  if (!relation)
    throw new ProjectError(ProjectCode.unknownNode, `No model or seed named '${name}'.`, {
      hint: "`tform ls` lists the project's models.",
    });
  return { project, target, table: { schema: relation.schema, identifier: relation.identifier } };
}

export function configure(cmd: Command): void {
  cmd
    .argument("<model>", "model name")
    .requiredOption(
      "--at <point>",
      "release tag or branch, Iceberg snapshot id, Nessie commit hash, or timestamp (2026-11-23T10:15:00Z)",
    )
    .option("--limit <n>", "rows to show", Number, 20);
  commandAction<{ at: string; limit: number }>(cmd, async (opts, ctx, args) => {
    const { target, table } = await modelTable(ctx, args[0]!);
    const { openCatalog, openEngine } = await import("../../publish/open-lakehouse.js");
    const { bindRefCatalog } = await import("../../publish/ref-catalog.js");
    const { showModel, parseAt, timeTravelModeOf } = await import("../../publish/time-travel.js");
    const mode = timeTravelModeOf(target);
    const engine = await openEngine(target);
    try {
      // commits mode (Nessie REST) resolves every point to a Nessie commit
      const needsCatalog = mode === "commits" || ["ref", "commit"].includes(parseAt(opts.at).kind);
      const catalog = needsCatalog ? await openCatalog(target, "read a tag of") : undefined;
      const result = await showModel({
        engine,
        catalog,
        mode,
        trinoCatalog: target.catalog,
        table,
        at: opts.at,
        limit: opts.limit,
        bindRef: (ref) => bindRefCatalog(engine, target, ref.name),
      });
      ctx.print(`-- ${result.sql}`);
      ctx.print(result.columns.map((c) => c.name).join("\t"));
      for (const row of result.rows) ctx.print(row.map((v) => (v === null ? "NULL" : String(v))).join("\t"));
      ctx.print(`(${result.rows.length} row(s))`);
    } finally {
      await engine.close();
    }
  });
}

/** pre_hook / post_hook statements rendered at run time, with `this` the model's relation on the run's catalog. */
import { QueryLog } from "../render/query-log.js";
import { TformError } from "../errors.js";
import type { Relation } from "../project/types.js";
import type { RunContext } from "../render/compile-node.js";
import type { ParsedProject } from "../render/parse-project.js";
import type { ParsedNode } from "../render/types.js";
import type { PlannedStatement } from "./plan.js";

export function renderHooks(
  parsed: ParsedProject,
  node: ParsedNode,
  relation: Relation,
  run: RunContext,
  which: "pre_hook" | "post_hook",
): PlannedStatement[] {
  const { renderer } = parsed;
  const source = renderer.node(node.uniqueId);
  if (!source) return [];
  const hooks = node.config[which];
  const out: PlannedStatement[] = [];
  for (const [i, hook] of hooks.entries()) {
    try {
      const tmpl = renderer.compile(hook, `${source.originalFilePath} (${which} ${i + 1})`);
      const mode = { kind: "run", run, queries: new QueryLog() } as const;
      const sql = renderer
        .render(tmpl, { node: source, config: node.config, relation }, mode)
        .sql.trim()
        .replace(/;\s*$/, "");
      if (sql !== "") out.push({ kind: "sql", purpose: which.replace("_", "-"), sql });
    } catch (e) {
      throw e instanceof TformError ? e.inNode(node.uniqueId) : e;
    }
  }
  return out;
}

/** Renders several Jinja expressions in one model at run time and returns what each rendered, for tests that compare many calls. */
import { compileNode, type RunContext } from "../../src/render/compile-node.js";
import type { NodeConfig } from "../../src/project/types.js";
import { parseProject } from "../../src/render/parse-project.js";
import { model, project, runContext, target, type ProjectSpec } from "./project-builder.js";

export interface RenderEachOptions {
  readonly spec?: Omit<ProjectSpec, "models">;
  readonly config?: Partial<NodeConfig>;
  readonly run?: Partial<RunContext>;
  /** the model's description (what model.description reads) */
  readonly description?: string;
}

export async function renderEach(expressions: readonly string[], o: RenderEachOptions = {}): Promise<string[]> {
  const sql = expressions.map((e, i) => `-- @${i}\n{{ ${e} }}`).join("\n");
  const parsed = await parseProject(
    project({ ...o.spec, models: [{ ...model("xdb", sql, o.config), description: o.description ?? "" }] }),
    target,
    { cache: false },
  );
  const out = (await compileNode(parsed, "model.shop.xdb", { ...runContext, ...o.run })).compiledSql;
  // each marker but the first follows a newline of the joined source
  const parts = out.split(/-- @\d+\n/).slice(1);
  return parts.map((s, i) => (i < parts.length - 1 ? s.replace(/\n$/, "") : s));
}

/** Each expression with what it rendered, so a failing expectation names the expression. */
export async function renderedBy(
  expressions: readonly string[],
  o: RenderEachOptions = {},
): Promise<Record<string, string>> {
  const out = await renderEach(expressions, o);
  return Object.fromEntries(expressions.map((e, i) => [e, out[i]!]));
}

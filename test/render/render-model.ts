/** Renders one model's SQL at run time, as tests of the Jinja renderer compare it with what Jinja2 renders. */
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import { model, project, runContext, target, type ProjectSpec } from "./project-builder.js";

/** [the behaviour, a template, what Jinja2 3.1.6 renders from it] */
export type JinjaCase = readonly [behaviour: string, template: string, jinja2: string];

export async function renderModel(sql: string, spec: Omit<ProjectSpec, "models"> = {}): Promise<string> {
  const parsed = await parseProject(project({ ...spec, models: [model("m", sql)] }), target, { cache: false });
  return (await compileNode(parsed, "model.shop.m", runContext)).compiledSql;
}

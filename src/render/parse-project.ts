/**
 * Parse time: render every enabled model and test once with the recording provider to learn its
 * dependencies (ref, source, `-- depends_on:`) and final config, then place it with
 * generate_schema_name / generate_alias_name.
 */
import { TformError } from "../errors.js";
import type { ModelNode, Project, SeedNode, Target, TestNode } from "../project/types.js";
import type { ParsedNode } from "./types.js";
import { checkGenericTest, hasJinjaArgument, renderGenericTest } from "./generic-test-sql.js";
import { mergeConfig } from "./merge-config.js";
import { ProjectRenderer } from "./project-renderer.js";
import { newTrace, type RenderSubject } from "./render-context.js";
import { TemplateCodeCache } from "./template-code-cache.js";
import { createJinjaEnvironment } from "./jinja-environment.js";
import { precompileTemplates } from "./precompile-templates.js";

export interface ParsedProject {
  readonly project: Project;
  readonly target: Target;
  readonly nodes: ReadonlyMap<string, ParsedNode>;
  readonly renderer: ProjectRenderer;
}

export interface ParseOptions {
  readonly vars?: Record<string, unknown>;
  /** keep compiled template code under target/ between runs (default true) */
  readonly cache?: boolean;
}

const PARSE = { kind: "parse" } as const;

function usedMacros(renderer: ProjectRenderer, source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/([A-Za-z_]\w*)\s*\(/g)) {
    const name = m[1]!;
    const pkg = renderer.macros.origin.get(name);
    if (pkg) names.add(`macro.${pkg}.${name}`);
  }
  return [...names];
}

function parseNode(renderer: ProjectRenderer, node: ModelNode | SeedNode | TestNode): ParsedNode {
  const placeholder = { database: renderer.target.catalog, schema: renderer.target.schema, identifier: node.name };
  const subject: RenderSubject = { node, config: node.config, relation: placeholder };
  const trace = newTrace();
  if (node.resourceType === "model" || (node.resourceType === "test" && node.testKind === "singular")) {
    renderer.render(renderer.template(node), subject, PARSE, trace);
  } else if (node.resourceType === "test") {
    // rendering the test macro records nothing beyond the tested node and Jinja arguments, so only those are evaluated
    if (hasJinjaArgument(node)) renderGenericTest(renderer, node, subject, PARSE, trace);
    else checkGenericTest(renderer, node);
    trace.refs.push(node.attachedTo);
  }
  const config = mergeConfig(node.config, trace.configCalls);
  const dependsOn = [...new Set([...trace.refs, ...trace.sources])].filter((id) => id !== node.uniqueId);
  return {
    uniqueId: node.uniqueId,
    dependsOn,
    dependsOnMacros: "rawCode" in node ? usedMacros(renderer, node.rawCode) : node.resourceType === "test" ? [`macro.${renderer.macros.origin.get(`test_${node.testName.split(".").pop()}`) ?? "tform"}.test_${node.testName.split(".").pop()}`] : [],
    config,
    relation: renderer.relationFor(node, node.resourceType === "test" && config.schema === undefined ? { ...config, schema: "dbt_test__audit" } : config),
  };
}

export async function parseProject(project: Project, target: Target, options: ParseOptions = {}): Promise<ParsedProject> {
  const cache = options.cache === false ? undefined : await TemplateCodeCache.open(project);
  // the renderer compiles the macro files, so they are part of what precompileTemplates() loads
  const renderer = new ProjectRenderer(project, target, options.vars ?? {}, cache);
  if (cache) {
    const templates = [...project.models, ...project.tests].flatMap((n) => ("rawCode" in n && n.config.enabled !== false && /\{[{%#]/.test(n.rawCode) ? [{ source: n.rawCode, name: n.originalFilePath }] : []));
    await precompileTemplates(createJinjaEnvironment(), cache, templates);
  }
  const nodes = new Map<string, ParsedNode>();
  for (const node of [...project.models, ...project.seeds, ...project.tests]) {
    if (node.config.enabled === false) continue;
    try {
      nodes.set(node.uniqueId, parseNode(renderer, node));
    } catch (e) {
      throw e instanceof TformError ? e.inNode(node.uniqueId) : e;
    }
  }
  renderer.parsed = nodes;
  await cache?.save();
  return { project, target, nodes, renderer };
}

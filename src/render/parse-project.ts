/**
 * Parse time: render every enabled model and test once with the recording provider to learn its
 * dependencies (ref, source, `-- depends_on:`) and final config, then place it with
 * generate_schema_name / generate_alias_name.
 */
import { TformError } from "../errors.js";
import { dropDisabledInSql } from "./disabled-in-sql.js";
import type { NodeConfig, Project, Relation, Target } from "../project/types.js";
import type { ParsedNode } from "./types.js";
import { checkGenericTest, hasJinjaArgument, renderGenericTest } from "./generic-test-sql.js";
import { mergeConfig } from "./merge-config.js";
import { ProjectRenderer, type RenderableNode } from "./project-renderer.js";
import { newTrace, type RenderSubject, type RenderTrace } from "./render-context.js";
import { TemplateCodeCache } from "./template-code-cache.js";
import { createJinjaEnvironment } from "./jinja-environment.js";
import { precompileTemplates } from "./precompile-templates.js";
import { parseCacheFile, reusableResults, saveParse, sharedParseInput, type ParseCache } from "./parse-cache.js";
import { NodeResultCache } from "../cache/node-result-cache.js";
import { stateDir } from "../cache/state-file.js";
import { digestOf } from "../cache/digest.js";
import { equalValueSharer } from "../cache/share-equal.js";

export interface ParsedProject {
  readonly project: Project;
  readonly target: Target;
  readonly nodes: ReadonlyMap<string, ParsedNode>;
  readonly renderer: ProjectRenderer;
  /**
   * Partial parsing: unique id → digest of the node's parse result, for what later steps key their saved
   * work by. Absent for nodes whose parse read a per-run value (run_started_at, invocation_id, modules) and
   * for every node when partial parsing is off.
   */
  readonly resultDigests: ReadonlyMap<string, string>;
  /** parse results reused from target/partial_parse/ */
  readonly reused: number;
}

export interface ParseOptions {
  readonly vars?: Record<string, unknown>;
  /** keep compiled template code under target/ between runs (default true) */
  readonly cache?: boolean;
  /**
   * Partial parsing: unique id → digest of the loaded node (from loadProjectCached). With it, parse results
   * of unchanged nodes are reused from target/partial_parse/ and this run's are saved there.
   */
  readonly nodeDigests?: ReadonlyMap<string, string>;
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

function parseNode(renderer: ProjectRenderer, node: RenderableNode, trace: RenderTrace): ParsedNode {
  const placeholder = { database: renderer.target.catalog, schema: renderer.target.schema, identifier: node.name };
  const subject: RenderSubject = { node, config: node.config, relation: placeholder };
  if (
    node.resourceType === "model" ||
    node.resourceType === "snapshot" ||
    (node.resourceType === "test" && node.testKind === "singular")
  ) {
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
    dependsOnMacros:
      "rawCode" in node
        ? usedMacros(renderer, node.rawCode)
        : node.resourceType === "test"
          ? [
              `macro.${renderer.macros.origin.get(`test_${node.testName.split(".").pop()}`) ?? "tform"}.test_${node.testName.split(".").pop()}`,
            ]
          : [],
    config,
    relation: legacySnapshotTarget(
      config,
      renderer.relationFor(
        node,
        node.resourceType === "test" && config.schema === undefined ? { ...config, schema: "dbt_test__audit" } : config,
        trace,
      ),
    ),
  };
}

/** A snapshot's legacy target_schema/target_database place it as written, without generate_schema_name (as dbt). */
function legacySnapshotTarget(config: NodeConfig, relation: Relation): Relation {
  const schema = typeof config.target_schema === "string" ? { schema: config.target_schema } : {};
  const database = typeof config.target_database === "string" ? { database: config.target_database } : {};
  return { ...relation, ...schema, ...database };
}

export async function parseProject(
  project: Project,
  target: Target,
  options: ParseOptions = {},
): Promise<ParsedProject> {
  const digests = options.cache === false ? undefined : options.nodeDigests;
  const results: ParseCache | undefined = digests?.size
    ? await NodeResultCache.open(
        parseCacheFile(stateDir(project.root, project.config.targetPath)),
        "tform-parse-state v4",
        sharedParseInput(project, target, options.vars ?? {}),
      )
    : undefined;
  const enabled = [...project.models, ...project.seeds, ...project.snapshots, ...project.tests].filter(
    (n) => n.config.enabled !== false,
  );
  const { reused, resultDigests } = results
    ? reusableResults(results, project, enabled, digests!)
    : { reused: new Map<string, ParsedNode>(), resultDigests: new Map<string, string>() };
  const caches =
    options.cache === false
      ? undefined
      : { macros: TemplateCodeCache.open(project, "macros"), nodes: TemplateCodeCache.open(project, "templates") };
  const renderer = new ProjectRenderer(project, target, options.vars ?? {}, caches);
  const cache = caches?.nodes;
  if (cache) {
    const templates = [...project.models, ...project.snapshots, ...project.tests].flatMap((n) =>
      !reused.has(n.uniqueId) && "rawCode" in n && n.config.enabled !== false && /\{[{%#]/.test(n.rawCode)
        ? [{ source: n.rawCode, name: n.originalFilePath }]
        : [],
    );
    await precompileTemplates(createJinjaEnvironment(), cache, templates);
  }
  const nodes = new Map<string, ParsedNode>();
  const share = equalValueSharer();
  for (const node of enabled) {
    const hit = reused.get(node.uniqueId);
    if (hit) {
      nodes.set(node.uniqueId, hit);
      continue;
    }
    try {
      const trace = newTrace();
      const parsed = parseNode(renderer, node, trace);
      nodes.set(node.uniqueId, parsed);
      if (results && trace.volatile) results.forget(node.uniqueId);
      else if (results) {
        const digest = digestOf(parsed);
        resultDigests.set(node.uniqueId, digest);
        // most nodes (tests) call no config(): their config is the loaded one, which is not saved twice
        results.put(
          node.uniqueId,
          digests!.get(node.uniqueId) ?? "",
          saveParse(parsed, node.config, digest, share),
          trace,
        );
      }
    } catch (e) {
      throw e instanceof TformError ? e.inNode(node.uniqueId) : e;
    }
  }
  await Promise.all([caches?.macros.save(), cache?.save(), results?.save(new Set(nodes.keys()))]);
  const parsedProject = dropDisabledInSql(project, nodes);
  renderer.parsed = nodes;
  return { project: parsedProject, target, nodes, renderer, resultDigests, reused: reused.size };
}

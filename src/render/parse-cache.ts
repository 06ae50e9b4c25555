/**
 * Partial parsing, parse step: a node's parse result (dependencies, final config, relation) is a function
 * of the node as loaded, of what every node shares (the project file, macros, sources, docs, the target,
 * vars, tform's code) and of where its refs resolve. Results are saved per node with the digest of the
 * loaded node and the environment variables its render read; a render that read a per-run value
 * (run_started_at, invocation_id, modules) is not saved. Anything shared changing drops every result. A ref
 * resolves elsewhere only when a name gains or loses a second model (part of the shared input) or its model
 * is gone or disabled (parseProject checks each reused result's dependencies): adding a model re-parses
 * that model alone.
 */
import { join } from "node:path";
import { codeId } from "../cache/code-id.js";
import { digestOf } from "../cache/digest.js";
import type { NodeResultCache } from "../cache/node-result-cache.js";
import type { NodeConfig, Project, Target } from "../project/types.js";
import type { RenderableNode } from "./project-renderer.js";
import type { ParsedNode } from "./types.js";

/** The target as templates and naming macros can see it: its secrets are not part of any saved digest. */
const targetShape = (t: Target): unknown => ({
  ...t,
  password: undefined,
  jwtToken: undefined,
  nessie: t.nessie ? { ...t.nessie, token: undefined } : undefined,
});

/** Digest of everything a node's parse shares with every other node. */
export function sharedParseInput(project: Project, target: Target, vars: Record<string, unknown>): string {
  const byName = new Map<string, string[]>();
  for (const n of [...project.models, ...project.seeds, ...project.snapshots])
    if (n.config.enabled !== false) byName.set(n.name, [...(byName.get(n.name) ?? []), n.uniqueId]);
  const ambiguous = [...byName].filter(([, ids]) => ids.length > 1);
  return digestOf([
    codeId(),
    project.root,
    project.config,
    project.macros.map((m) => [m.path, m.packageName, m.source]),
    project.sources,
    project.docs,
    targetShape(target),
    vars,
    ambiguous,
  ]);
}

export const parseCacheFile = (dir: string): string => join(dir, "parse.bin");
/**
 * A saved parse result, flat (the serializer writes every object's key names, and each object costs an
 * allocation when read back): [digest of the result, dependsOn, dependsOnMacros, config (absent when it is the
 * loaded node's), database, schema, identifier].
 */
type SavedParse = readonly [
  string,
  readonly string[],
  readonly string[],
  NodeConfig | undefined,
  string,
  string,
  string,
];

export type ParseCache = NodeResultCache<SavedParse>;

/** `share` makes equal configs and macro lists one object (see share-equal.ts). */
export function saveParse(
  parsed: ParsedNode,
  loaded: NodeConfig,
  digest: string,
  share: <T>(value: T) => T,
): SavedParse {
  const r = parsed.relation;
  return [
    digest,
    parsed.dependsOn,
    share(parsed.dependsOnMacros),
    parsed.config === loaded ? undefined : share(parsed.config),
    r.database,
    r.schema,
    r.identifier,
  ];
}

/** Saved results still valid for these nodes, with their digests. */
export function reusableResults(
  results: ParseCache,
  project: Project,
  nodes: readonly RenderableNode[],
  digests: ReadonlyMap<string, string>,
): { reused: Map<string, ParsedNode>; resultDigests: Map<string, string> } {
  const reused = new Map<string, ParsedNode>();
  const resultDigests = new Map<string, string>();
  // a result whose dependency is gone or disabled is parsed again (and fails as it should)
  const readable = new Set(
    [...project.models, ...project.seeds, ...project.snapshots]
      .filter((n) => n.config.enabled !== false)
      .map((n) => n.uniqueId)
      .concat(project.sources.map((s) => s.uniqueId)),
  );
  for (const node of nodes) {
    const saved = results.get(node.uniqueId, digests.get(node.uniqueId) ?? "");
    if (!saved) continue;
    const [digest, dependsOn, dependsOnMacros, config, database, schema, identifier] = saved;
    if (!dependsOn.every((d) => readable.has(d))) continue;
    reused.set(node.uniqueId, {
      uniqueId: node.uniqueId,
      dependsOn,
      dependsOnMacros,
      config: config ?? node.config,
      relation: { database, schema, identifier },
    });
    resultDigests.set(node.uniqueId, digest);
  }
  return { reused, resultDigests };
}

/**
 * Partial parsing, compile step: a node's compiled SQL is a function of the node as loaded and parsed, of
 * the parse results of what it reads (their relations and materializations; an ephemeral one's whole
 * input, as it is inlined), of the run's catalog, and of what every node shares (see parse-cache.ts). So
 * editing a model recompiles that model only, unless its relation or config changed. Nodes near a per-run
 * parse result are not kept. Only offline compiles use it: a render that queries the engine depends on the
 * database too.
 */
import { join } from "node:path";
import { digest, digestOf } from "../cache/digest.js";
import { NodeResultCache } from "../cache/node-result-cache.js";
import { stateDir } from "../cache/state-file.js";
import { compiledPath, type RunContext } from "../render/compile-node.js";
import { sharedParseInput } from "../render/parse-cache.js";
import type { ParsedProject } from "../render/parse-project.js";
import type { CompiledNode } from "../render/types.js";

/** Only the SQL is kept: a compiled node's path and relation follow from its parse result (and are cheap). */
type Saved = string;

export interface CompileCache {
  /** digest of what every node's compile shares */
  readonly shared: string;
  /** digest of everything a compiled node's result is made of, for nodes reused or kept this run */
  resultKey(uniqueId: string): string | undefined;
  get(uniqueId: string): CompiledNode | undefined;
  put(node: CompiledNode, observed: Parameters<NodeResultCache<Saved>["put"]>[3]): void;
  save(keep: ReadonlySet<string>): Promise<void>;
}

export async function openCompileCache(
  parsed: ParsedProject,
  nodeDigests: ReadonlyMap<string, string>,
  vars: Record<string, unknown>,
  context: RunContext,
): Promise<CompileCache> {
  const { project, renderer } = parsed;
  const shared = digestOf([
    sharedParseInput(project, parsed.target, vars),
    context.catalog,
    context.isIncremental ?? false,
  ]);
  const results = await NodeResultCache.open<Saved>(
    join(stateDir(project.root, project.config.targetPath), "compile.bin"),
    "tform-compile-state v3",
    shared,
  );
  /** a parse result's digest; sources are part of the shared input; undefined for per-run parse results */
  const parsedInput = (id: string): string | undefined =>
    parsed.nodes.has(id) ? parsed.resultDigests.get(id) : "source";
  const inputs = new Map<string, string | undefined>();
  const inputOf = (id: string): string | undefined => {
    if (inputs.has(id)) return inputs.get(id);
    const parts = [`${id}:${nodeDigests.get(id)}`, `${id}:${parsedInput(id)}`];
    for (const d of parsed.nodes.get(id)?.dependsOn ?? [])
      parts.push(renderer.isEphemeral(d) ? `${d}=${inputOf(d)}` : `${d}:${parsedInput(d)}`);
    const joined = parts.join("\n");
    const input = joined.includes(":undefined") || joined.includes("=undefined") ? undefined : digest(joined);
    inputs.set(id, input);
    return input;
  };
  const keyed = new Set<string>();
  return {
    shared,
    resultKey: (uniqueId) => (keyed.has(uniqueId) ? inputOf(uniqueId) : undefined),
    get(uniqueId) {
      const input = inputOf(uniqueId);
      const compiledSql = input === undefined ? undefined : results.get(uniqueId, input);
      if (compiledSql === undefined) return undefined;
      keyed.add(uniqueId);
      const relation = context.relationFor?.(uniqueId) ?? renderer.runRelation(uniqueId, context.catalog);
      return {
        uniqueId,
        compiledSql,
        compiledPath: compiledPath(parsed, uniqueId),
        relation,
        config: parsed.nodes.get(uniqueId)!.config,
      };
    },
    put(node, observed) {
      const input = inputOf(node.uniqueId);
      if (input === undefined) return;
      results.put(node.uniqueId, input, node.compiledSql, observed);
      if (!observed.volatile) keyed.add(node.uniqueId);
    },
    save: (keep) => results.save(keep),
  };
}

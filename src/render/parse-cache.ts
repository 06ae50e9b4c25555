/**
 * Partial parsing, parse step: a node's parse result (dependencies, final config, relation) is a function
 * of the node as loaded and of what every node shares: the project file, macros, sources, docs, the target,
 * vars, the set of nodes ref() can resolve, and tform's code. Results are saved per node with the digest of
 * the loaded node and the environment variables its render read; a render that read a per-run value
 * (run_started_at, invocation_id, modules) is not saved. Anything shared changing drops every result.
 */
import { join } from "node:path";
import { codeId } from "../cache/code-id.js";
import { digestOf } from "../cache/digest.js";
import type { NodeResultCache } from "../cache/node-result-cache.js";
import type { Project, Target } from "../project/types.js";
import type { ParsedNode } from "./types.js";

/** The target as templates and naming macros can see it: its secrets are not part of any saved digest. */
const targetShape = (t: Target): unknown => ({ ...t, password: undefined, jwtToken: undefined, nessie: t.nessie ? { ...t.nessie, token: undefined } : undefined });

/** Digest of everything a node's parse shares with every other node. */
export function sharedParseInput(project: Project, target: Target, vars: Record<string, unknown>): string {
  const identity = [...project.models, ...project.seeds, ...project.tests, ...(project.disabled ?? [])].map((n) => `${n.uniqueId}\t${n.name}\t${n.config.enabled}`);
  return digestOf([
    codeId(),
    project.root,
    project.config,
    project.macros.map((m) => [m.path, m.packageName, m.source]),
    project.sources,
    project.docs,
    targetShape(target),
    vars,
    identity,
  ]);
}

export const parseCacheFile = (dir: string): string => join(dir, "parse.bin");
/** A parse result (its config absent when it is the loaded node's) with its digest, computed once when the node was parsed. */
export type ParseCache = NodeResultCache<{ readonly node: Omit<ParsedNode, "config"> & { readonly config: ParsedNode["config"] | undefined }; readonly digest: string }>;

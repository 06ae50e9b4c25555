/**
 * Partial parsing, manifest: a compile whose manifest body (every node entry, sources, macros and the
 * parent/child maps) has the same key as the last one keeps that body from the manifest.json written then
 * and writes only the new metadata (~0.3 s of serializing 38 MB saved on 10k models). Used only while
 * manifest.json is still the file tform wrote (same size and modification time).
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { digest } from "../cache/digest.js";
import { readState, stateDir, writeState } from "../cache/state-file.js";
import type { Project } from "../project/types.js";
import type { CompiledNode } from "../render/types.js";
import type { CompileCache } from "./compile-cache.js";
import type { PreparedProject } from "./prepare-project.js";

interface ManifestState {
  readonly body: string;
  /** where the body starts in the file: right after `{"metadata":{…}` */
  readonly bodyStart: number;
  readonly size: number;
  readonly mtimeMs: number;
}

const FORMAT = "tform-manifest-body v1";
const stateFile = (project: Project): string => join(stateDir(project.root, project.config.targetPath), "manifest.bin");

/**
 * Key of the manifest body: what all nodes share, and per node (in manifest order) whether it is compiled and
 * the key of its compiled result or of its loaded node and parse result. Undefined when a node has none (it
 * read a per-run value): the body is then written afresh.
 */
export function manifestBodyKey(prepared: Pick<PreparedProject, "project" | "parsed" | "nodeDigests">, compiled: ReadonlyMap<string, CompiledNode>, cache: CompileCache): string | undefined {
  const { project, parsed, nodeDigests } = prepared;
  const parts = [cache.shared];
  for (const node of [...project.models, ...project.seeds, ...project.tests]) {
    const id = node.uniqueId;
    if (!parsed.nodes.has(id)) continue;
    const loaded = nodeDigests.get(id);
    const result = parsed.resultDigests.get(id);
    const key = compiled.has(id) ? cache.resultKey(id) : loaded && result && `${loaded} ${result}`;
    if (!key) return undefined;
    parts.push(`${id} ${compiled.has(id) ? "compiled" : "parsed"} ${key}`);
  }
  return digest(parts.join("\n"));
}

/** The body text of the last manifest.json when it was written for `body` (a key), else undefined. */
export async function savedManifestBody(project: Project, manifestPath: string, body: string): Promise<string | undefined> {
  const state = await readState<ManifestState>(stateFile(project), FORMAT);
  if (state?.body !== body) return undefined;
  try {
    const s = await stat(manifestPath);
    if (s.size !== state.size || s.mtimeMs !== state.mtimeMs) return undefined;
    return (await readFile(manifestPath, "utf8")).slice(state.bodyStart);
  } catch {
    return undefined;
  }
}

export async function saveManifestBody(project: Project, manifestPath: string, body: string, bodyStart: number): Promise<void> {
  try {
    const s = await stat(manifestPath);
    await writeState(stateFile(project), FORMAT, { body, bodyStart, size: s.size, mtimeMs: s.mtimeMs } satisfies ManifestState);
  } catch {
    /* no manifest: nothing to remember */
  }
}

/**
 * Partial parsing, manifest: where each node entry sits in the manifest.json written last, and the key of
 * what it was made of, so the next compile copies unchanged entries (in runs) from that file rather than
 * serializing them again: ~38 MB for 10k models, ~0.3 s. Used only while manifest.json is still the file
 * tform wrote (same size and modification time); entries that follow each other in both are copied at once.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  manifestEntryJson,
  manifestHeadJson,
  manifestNode,
  manifestNodes,
  manifestTailJson,
  type Manifest,
} from "../artifacts/manifest.js";
import { digest } from "../cache/digest.js";
import { readState, stateDir, writeState } from "../cache/state-file.js";
import type { Project } from "../project/types.js";
import type { CompiledNode } from "../render/types.js";
import type { CompileCache } from "./compile-cache.js";
import type { PreparedProject } from "./prepare-project.js";

/** What this run's manifest is made of. */
interface ManifestPlan {
  /** `{"metadata":{…}` */
  readonly head: string;
  /** node ids in manifest order */
  readonly ids: readonly string[];
  /** per node: a digest of everything its entry is made of, or undefined when unknown */
  readonly keys: readonly (string | undefined)[];
  /** `"id":{entry}` of node i */
  piece(i: number): string;
  /** digest of everything the sections after the nodes are made of, or undefined when unknown */
  readonly tailKey: string | undefined;
  /** JSON of the sections after the nodes: `,"sources":…,"child_map":{…}}` */
  tail(): string;
}

/**
 * The manifest of a compile, keyed per node by its compiled result (compiled nodes) or by its loaded node
 * and parse result; the sections after the nodes follow from the shared input and every parse result.
 */
function manifestPlan(
  prepared: PreparedProject,
  compiled: ReadonlyMap<string, CompiledNode>,
  cache: CompileCache,
  metadata: Manifest["metadata"],
): ManifestPlan {
  const { parsed, nodeDigests } = prepared;
  const nodes = manifestNodes({ prepared });
  const keyOf = (id: string): string | undefined => {
    if (compiled.has(id)) return cache.resultKey(id) && `compiled ${cache.resultKey(id)}`;
    const loaded = nodeDigests.get(id);
    const result = parsed.resultDigests.get(id);
    return loaded && result && `parsed ${loaded} ${result}`;
  };
  return {
    head: manifestHeadJson(metadata),
    ids: nodes.map((n) => n.uniqueId),
    keys: nodes.map((n) => keyOf(n.uniqueId)),
    piece: (i) => manifestEntryJson(nodes[i]!.uniqueId, manifestNode({ prepared, compiled }, nodes[i]!)),
    tailKey: nodes.every((n) => parsed.resultDigests.has(n.uniqueId))
      ? digest([cache.shared, ...nodes.map((n) => `${n.uniqueId} ${parsed.resultDigests.get(n.uniqueId)}`)].join("\n"))
      : undefined,
    tail: () => manifestTailJson({ prepared }),
  };
}

interface ManifestState {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ids: readonly string[];
  readonly keys: readonly (string | undefined)[];
  /** where each `"id":{entry}` starts and ends in the file */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly tailKey: string | undefined;
  readonly tailStart: number;
}

const FORMAT = "tform-manifest-entries v1";
const stateFile = (project: Project): string => join(stateDir(project.root, project.config.targetPath), "manifest.bin");

async function previous(
  project: Project,
  manifestPath: string,
  shared: string,
): Promise<(ManifestState & { text: string }) | undefined> {
  const state = await readState<ManifestState>(stateFile(project), `${FORMAT} ${shared}`);
  if (!state) return undefined;
  try {
    const s = await stat(manifestPath);
    if (s.size !== state.size || s.mtimeMs !== state.mtimeMs) return undefined;
    return { ...state, text: await readFile(manifestPath, "utf8") };
  } catch {
    return undefined;
  }
}

/** manifest.json's text for a compile, copying from the last one what is unchanged; save() records where things are for the next. */
export async function manifestText(
  prepared: PreparedProject,
  compiled: ReadonlyMap<string, CompiledNode>,
  cache: CompileCache,
  manifestPath: string,
  metadata: Manifest["metadata"],
): Promise<{ text: string; save: () => Promise<void> }> {
  const { project } = prepared;
  const shared = cache.shared;
  const plan = manifestPlan(prepared, compiled, cache, metadata);
  const prev = await previous(project, manifestPath, shared);
  const { ids, keys } = plan;
  const n = ids.length;
  const before = new Map(prev?.ids.map((id, i) => [id, i]));
  /** where node i was in the last manifest, if its entry is unchanged */
  const old = (i: number): number | undefined => {
    const at = before.get(ids[i]!);
    return at !== undefined && keys[i] !== undefined && keys[i] === prev!.keys[at] ? at : undefined;
  };
  const parts = [plan.head, `,"nodes":{`];
  let pos = plan.head.length + parts[1]!.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n;) {
    if (i > 0) {
      parts.push(",");
      pos += 1;
    }
    const from = old(i);
    if (from !== undefined) {
      // the longest run of entries that were also consecutive in the last manifest
      let j = i;
      while (j + 1 < n && old(j + 1) === from + (j + 1 - i)) j++;
      const to = from + (j - i);
      const shift = pos - prev!.starts[from]!;
      for (let k = i; k <= j; k++) {
        starts[k] = prev!.starts[from + k - i]! + shift;
        ends[k] = prev!.ends[from + k - i]! + shift;
      }
      const run = prev!.text.slice(prev!.starts[from], prev!.ends[to]);
      parts.push(run);
      pos += run.length;
      i = j + 1;
    } else {
      const piece = plan.piece(i);
      starts[i] = pos;
      ends[i] = pos + piece.length;
      parts.push(piece);
      pos += piece.length;
      i++;
    }
  }
  parts.push("}");
  const tailStart = pos + 1;
  parts.push(
    prev && plan.tailKey !== undefined && prev.tailKey === plan.tailKey ? prev.text.slice(prev.tailStart) : plan.tail(),
  );
  const text = parts.join("");
  const save = async (): Promise<void> => {
    try {
      const s = await stat(manifestPath);
      await writeState(stateFile(project), `${FORMAT} ${shared}`, {
        size: s.size,
        mtimeMs: s.mtimeMs,
        ids,
        keys,
        starts,
        ends,
        tailKey: plan.tailKey,
        tailStart,
      } satisfies ManifestState);
    } catch {
      /* no manifest written: nothing to remember */
    }
  };
  return { text, save };
}

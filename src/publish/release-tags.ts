/** Release tags of a branch: tags on a commit of its (first-parent) history, newest first. */
import type { Catalog, DiffEntry, Reference } from "../catalog/catalog.js";
import type { TableChange } from "./merge-changes.js";
import { TESTED_TAG_PREFIX } from "./tested-hash.js";

const HISTORY_DEPTH = 1000;

export interface ReleaseTag {
  readonly tag: Reference;
  /** 0 = the branch head */
  readonly depth: number;
  readonly commitTime?: string;
}

export async function releaseTags(catalog: Catalog, branch: string): Promise<ReleaseTag[]> {
  const [refs, log] = await Promise.all([catalog.listReferences(), catalog.history(branch, HISTORY_DEPTH)]);
  const position = new Map(log.map((e, i) => [e.hash, i] as const));
  return refs
    .filter((r) => r.type === "TAG" && !r.name.startsWith(TESTED_TAG_PREFIX) && position.has(r.hash))
    .map((tag) => ({ tag, depth: position.get(tag.hash)!, commitTime: log[position.get(tag.hash)!]!.commitTime }))
    .sort((a, b) => a.depth - b.depth || b.tag.name.localeCompare(a.tag.name));
}

/** A head-to-head diff read as what moving `from` to `to` does to `from`. */
export function asTableChanges(entries: readonly DiffEntry[]): TableChange[] {
  return entries.map((e) => ({
    key: e.key,
    kind: e.kind,
    change: e.change === "added" ? "added" : e.change === "changed" ? "replaced" : "removed",
  }));
}

/**
 * What a merge of `from` into `into` changes on `into`: the keys the branch changed since it forked,
 * compared with what `into` holds now. A plain diff of the two heads would also list what `into` gained
 * after the fork, which a merge leaves alone.
 */
import type { Catalog, ContentKey, ContentKind, Reference } from "../catalog/catalog.js";

export interface TableChange {
  readonly key: ContentKey;
  readonly kind: ContentKind;
  readonly change: "added" | "replaced" | "removed";
}

const HISTORY_DEPTH = 500;
const keyString = (k: ContentKey): string => k.join(".");

export async function mergeChanges(catalog: Catalog, into: Reference, from: Reference): Promise<TableChange[]> {
  const [heads, intoLog, fromLog] = await Promise.all([
    catalog.diff(into, from),
    catalog.history(into.name, HISTORY_DEPTH),
    catalog.history(from.name, HISTORY_DEPTH),
  ]);
  if (heads.length === 0) return [];
  const onInto = new Set(intoLog.map((e) => e.hash));
  // the branch's log may run past `from` (newer commits): start at `from` itself; `into@base` is a valid Nessie ref because base is on into
  const start = fromLog.findIndex((e) => e.hash === from.hash);
  const base = fromLog.slice(Math.max(start, 0)).find((e) => onInto.has(e.hash));
  let branchKeys: Set<string> | undefined;
  if (base) {
    const changedOnBranch = await catalog.diff({ name: into.name, type: into.type, hash: base.hash }, from);
    branchKeys = new Set(changedOnBranch.map((e) => keyString(e.key)));
  }
  return heads
    .filter((e) => branchKeys === undefined || branchKeys.has(keyString(e.key)))
    .map((e) => ({
      key: e.key,
      kind: e.kind,
      change: e.change === "added" ? "added" : e.change === "changed" ? "replaced" : "removed",
    }));
}

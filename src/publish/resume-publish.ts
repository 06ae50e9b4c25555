/**
 * What makes publish resumable: a publish that lost Nessie's reply, or lost a race with another publish of the same
 * tested hash, is found again by the properties tform writes on its merge commit, and its release tag completed.
 */
import type { Catalog, Reference } from "../catalog/catalog.js";

/** how far back on the target a landed publish is looked for; a retry comes minutes after, not 500 commits */
const SEARCH_DEPTH = 500;

export interface PublishCommit {
  readonly hash: string;
  /** the release tag that publish chose (absent on a commit written without one) */
  readonly tag?: string;
}

/** The newest commit on `into`'s first-parent history that a publish of `testedHash` wrote. */
export async function findPublishCommit(
  catalog: Catalog,
  into: string,
  testedHash: string,
): Promise<PublishCommit | undefined> {
  const entry = (await catalog.history(into, SEARCH_DEPTH)).find(
    (e) => e.meta.properties?.["tform.tested-hash"] === testedHash,
  );
  return entry && { hash: entry.hash, tag: entry.meta.properties?.["tform.tag"] };
}

/**
 * Creates tag `name` at `at` (a commit of the branch `at` names); true when this call created it, false when it already
 * pointed there (a racing publish or an earlier attempt made it). A tag of that name elsewhere is an error, as is any
 * failure to create it.
 */
export async function ensureTag(catalog: Catalog, name: string, at: Reference): Promise<boolean> {
  try {
    await catalog.createTag(name, at);
    return true;
  } catch (e) {
    const existing = await catalog.getReference(name).catch(() => undefined);
    if (existing?.type === "TAG" && existing.hash === at.hash) return false;
    throw e;
  }
}

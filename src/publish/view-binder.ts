/**
 * How publish gets views onto the target branch in Nessie REST mode. Trino stores a view with the
 * session catalog it was created in, so a view built through the branch catalog would keep reading
 * the branch after the merge; `mergeWithViewsBound` merges from a copy of the tested hash whose
 * changed views are rebound to the main catalog, never writing the tested branch itself.
 */
import type { Catalog, ContentKey, Reference } from "../catalog/catalog.js";
import { icebergUriFromNessieUri, mergeWithViewsBound, type BoundMergeSource } from "../catalog/nessie/rest-view-binding.js";
import type { Target } from "../project/types.js";

/** Runs `merge` from a source whose `views` read the target's main catalog. */
export type ViewBinder = <T>(tested: Reference, views: readonly ContentKey[], merge: (source: BoundMergeSource) => Promise<T>) => Promise<T>;

/** The binder for a target in REST mode; undefined in native mode, which has no views. */
export function viewBinderFor(catalog: Catalog, target: Pick<Target, "catalog" | "nessie" | "branchCatalog">): ViewBinder | undefined {
  const nessie = target.nessie;
  if (target.branchCatalog?.mode !== "rest" || !nessie) return undefined;
  return (tested, views, merge) =>
    mergeWithViewsBound(catalog, { icebergUri: icebergUriFromNessieUri(nessie.uri), token: nessie.token, catalog: target.catalog, tested, only: views }, merge);
}

/**
 * How publish gets views onto the target branch in Nessie REST mode. Trino stores a view with the
 * session catalog it was created in, so a view built through the branch catalog would keep reading
 * the branch after the merge; the binder (open-lakehouse.ts: viewBinderFor) merges from a copy of the
 * tested hash whose changed views are rebound to the main catalog, never writing the tested branch itself.
 */
import type { BoundMergeSource, ContentKey, Reference } from "../catalog/catalog.js";

/** Runs `merge` from a source whose `views` read the target's main catalog. */
export type ViewBinder = <T>(
  tested: Reference,
  views: readonly ContentKey[],
  merge: (source: BoundMergeSource) => Promise<T>,
) => Promise<T>;

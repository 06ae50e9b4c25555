/**
 * The Trino catalog bound to a branch: `tform_<branch>_<hash of its properties>`. Trino folds catalog
 * names to lower case and they must be plain identifiers, so the branch name is sanitized. The hash makes
 * a catalog reusable across runs (CREATE CATALOG IF NOT EXISTS, never dropped: creating one costs a
 * connector start), while a change of properties (a new Nessie port, another warehouse) gets a new name
 * instead of silently using a stale catalog.
 */
import { createHash } from "node:crypto";

export function branchCatalogName(branch: string, properties: Readonly<Record<string, string>>): string {
  const safe = branch.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "branch";
  const canonical = JSON.stringify(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)));
  const hash = createHash("sha256").update(canonical).digest("hex").slice(0, 8);
  return `tform_${safe}_${hash}`;
}

/** The branch catalog's properties with `{branch}` replaced. */
export function branchCatalogProperties(template: Readonly<Record<string, string>>, branch: string): Record<string, string> {
  return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, v.split("{branch}").join(branch)]));
}

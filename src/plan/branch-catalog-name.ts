/**
 * The Trino catalog bound to a branch is named as `tform test` and `tform show` name it
 * (refCatalogName: `<target catalog>__<branch>`), so a build and the tests that follow share one
 * catalog. It is created with IF NOT EXISTS and kept (creating one starts a connector); the sandbox
 * starts Trino with its static catalogs only, so a restarted Nessie never meets a stale catalog.
 */
import { allowExtraProperty, FINGERPRINT_PROPERTY } from "../engine/metadata-sql.js";

export { refCatalogName as branchCatalogName } from "../publish/ref-catalog.js";

/** The branch catalog's properties with `{branch}` replaced, allowing the fingerprint property on its tables. */
export function branchCatalogProperties(
  connector: string,
  template: Readonly<Record<string, string>>,
  branch: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(allowExtraProperty(connector, template, FINGERPRINT_PROPERTY)).map(([k, v]) => [
      k,
      v.split("{branch}").join(branch),
    ]),
  );
}

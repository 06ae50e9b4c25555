/**
 * A Trino catalog bound to a Nessie reference (branch or release tag), created at run time from the
 * profile's `branch_catalog` template, whose values may contain `{branch}`. Used to read a tag's state
 * (show, history) and to test a branch.
 */
import type { Engine } from "../engine/engine.js";
import { CatalogError } from "../errors.js";
import type { Target } from "../project/types.js";
import { quoteIdent, sqlString } from "../engine/sql-text.js";
import { allowExtraProperty, FINGERPRINT_PROPERTY } from "../engine/metadata-sql.js";
import { PublishCode } from "./publish-code.js";

/** Trino catalog names are lower-case identifiers; refs like `ci-42` or `release-2026…` become `lake__ci_42`. */
export function refCatalogName(target: Target, ref: string): string {
  return `${target.catalog}__${ref.toLowerCase().replace(/[^a-z0-9_]+/g, "_")}`;
}

export function createRefCatalogSql(target: Target, ref: string): string {
  const template = target.branchCatalog;
  if (!template) {
    throw new CatalogError(
      PublishCode.noBranches,
      `Target ${target.name} has no branch_catalog, so tform cannot read a branch or tag.`,
      {
        hint: "Add `branch_catalog:` (connector, mode, properties with {branch}) to the profile target; `tform sandbox up` prints one.",
      },
    );
  }
  // the same properties as the build's catalog of the branch (plan/run-location.ts): either may create it first
  const props = Object.entries(allowExtraProperty(template.connector, template.properties, FINGERPRINT_PROPERTY)).map(
    ([k, v]) => `${quoteIdent(k)} = ${sqlString(v.split("{branch}").join(ref))}`,
  );
  return `create catalog ${quoteIdent(refCatalogName(target, ref))} using ${template.connector} with (${props.join(", ")})`;
}

/** Creates the catalog unless this Trino already has it (an earlier run, or the build of the same branch). */
export async function bindRefCatalog(engine: Engine, target: Target, ref: string): Promise<string> {
  const name = refCatalogName(target, ref);
  try {
    await engine.execute(createRefCatalogSql(target, ref));
  } catch (e) {
    if (!/already exists/i.test(String((e as Error).message))) throw e;
  }
  return name;
}

/** Lookups shared by publish, rollback and diff, with the refusals they need. */
import type { Catalog, Reference } from "../catalog/catalog.js";
import { CatalogError } from "../errors.js";
import { CatalogCode } from "../catalog/catalog-code.js";
import { PublishCode } from "./publish-code.js";

export async function requireReference(catalog: Catalog, name: string): Promise<Reference> {
  const ref = await catalog.getReference(name);
  if (!ref)
    throw new CatalogError(CatalogCode.unknownReference, `Reference ${name} does not exist in the catalog.`, {
      hint: `Check the name; \`tform build --branch ${name}\` creates a branch.`,
    });
  return ref;
}

export function requireBranchingCatalog(catalog: Catalog, command: string): void {
  if (!catalog.capabilities.branches) throw noBranchesError(command);
}

export function noBranchesError(command: string): CatalogError {
  return new CatalogError(
    PublishCode.noBranches,
    `The catalog has no branches, so there is nothing to ${command}: tform builds and tests in place on it.`,
    {
      hint: "Publishing and rollback need a Nessie catalog (a `nessie:` block in the profile target). Time travel (tform show) still works.",
    },
  );
}

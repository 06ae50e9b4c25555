/** `tform rollback`: point a branch (main) back at an earlier release tag, guarded by its current hash. */
import type { Catalog, Reference } from "../catalog/catalog.js";
import { CatalogError } from "../errors.js";
import type { TableChange } from "./merge-changes.js";
import { requireBranchingCatalog, requireReference } from "./references.js";
import { asTableChanges, releaseTags } from "./release-tags.js";
import { PublishCode } from "./publish-code.js";

export interface RollbackPlan {
  readonly branch: string;
  readonly fromHash: string;
  readonly to: Reference;
  /** what happens to the branch: tables restored (added), replaced, removed */
  readonly changes: readonly TableChange[];
}

export interface RollbackOptions {
  readonly catalog: Catalog;
  /** default "main" */
  readonly branch?: string;
  /** tag (or any reference) to return to; default: the newest release tag not at the head */
  readonly to?: string;
  /** asked with the plan before anything moves; the CLI prompts unless --yes */
  readonly confirm: (plan: RollbackPlan) => Promise<boolean>;
}

export interface RollbackResult extends RollbackPlan {
  readonly applied: boolean;
  readonly resultHash: string;
}

export async function rollback(options: RollbackOptions): Promise<RollbackResult> {
  const { catalog } = options;
  const branch = options.branch ?? "main";
  requireBranchingCatalog(catalog, "roll back");
  const head = await requireReference(catalog, branch);
  const to =
    options.to !== undefined ? await requireReference(catalog, options.to) : await previousRelease(catalog, head);
  const plan: RollbackPlan = { branch, fromHash: head.hash, to, changes: asTableChanges(await catalog.diff(head, to)) };
  if (to.hash === head.hash || !(await options.confirm(plan)))
    return { ...plan, applied: false, resultHash: head.hash };
  const moved = await catalog.assignBranch(branch, head.hash, to);
  return { ...plan, applied: true, resultHash: moved.hash };
}

async function previousRelease(catalog: Catalog, head: Reference): Promise<Reference> {
  const earlier = (await releaseTags(catalog, head.name)).find((r) => r.tag.hash !== head.hash);
  if (!earlier) {
    throw new CatalogError(PublishCode.noEarlierRelease, `${head.name} has no earlier release tag to roll back to.`, {
      hint: "Name one with --to TAG; `tform publish` tags every release it merges.",
    });
  }
  return earlier.tag;
}

/**
 * `tform publish`: merge exactly the hash whose tests passed into the target branch, in one Nessie merge
 * pinned on both sides, then tag the new head. Nothing is written when a check fails.
 */
import type { BoundMergeSource, Catalog, ContentKey, Reference } from "../catalog/catalog.js";
import { CatalogError, TestFailureError } from "../errors.js";
import { mergeChanges, type TableChange } from "./merge-changes.js";
import { provenanceProperties, type Provenance } from "./provenance.js";
import { requireBranchingCatalog, requireReference } from "./references.js";
import { isAuditKey, localTestRecord, testedReference, testedTagName } from "./tested-hash.js";
import type { ViewBinder } from "./view-binder.js";
import { CatalogCode } from "../catalog/catalog-code.js";
import { PublishCode } from "./publish-code.js";
import { ensureTag, findPublishCommit, type PublishCommit } from "./resume-publish.js";

export interface PublishOptions {
  readonly catalog: Catalog;
  readonly projectRoot: string;
  readonly targetPath: string;
  readonly branch: string;
  /** default "main" */
  readonly into?: string;
  readonly dryRun?: boolean;
  /** release tag for the new head; default release-<UTC timestamp> */
  readonly tag?: string;
  readonly provenance: Provenance;
  readonly now?: Date;
  /** REST mode (`viewBinderFor`): the views the publish adds or replaces are rebound to the main catalog before the merge */
  readonly bindViews?: ViewBinder;
}

export interface PublishResult {
  readonly dryRun: boolean;
  readonly branch: string;
  readonly into: string;
  readonly testedHash: string;
  readonly intoHashBefore: string;
  /** equals intoHashBefore on a dry run or when there was nothing to publish */
  readonly intoHashAfter: string;
  readonly tag?: string;
  readonly changes: readonly TableChange[];
  /** views whose default catalog was rewritten to the main catalog for this merge */
  readonly reboundViews: readonly ContentKey[];
  /**
   * Set when `into` already held a publish of the tested hash (an earlier attempt whose reply was lost, or a publish
   * that won a race with this one): nothing was merged, and its release tag was created if it was missing.
   */
  readonly alreadyPublished?: PublishCommit & { readonly tagCreated: boolean };
}

export function defaultReleaseTag(now: Date): string {
  return `release-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
}

export async function publish(options: PublishOptions): Promise<PublishResult> {
  const { catalog, branch } = options;
  const into = options.into ?? "main";
  requireBranchingCatalog(catalog, "publish");
  if (branch === into)
    throw new CatalogError(PublishCode.intoItself, `Cannot publish ${branch} into itself.`, {
      hint: "Publish a work branch: tform publish --branch dev [--into main].",
    });
  const [branchRef, intoRef, tested] = await Promise.all([
    requireReference(catalog, branch),
    requireReference(catalog, into),
    testedReference(catalog, branch),
  ]);
  if (!tested) throw await noPassingRun(options, branchRef);
  if (branchRef.hash !== tested.hash) await requireOnlyAuditCommits(catalog, tested, branchRef);

  const testedRef: Reference = { name: branch, type: "BRANCH", hash: tested.hash };
  const resume = (landed: PublishCommit, hashAfter: string) =>
    resumed(options, landed, { branch, into, testedHash: tested.hash, intoHashBefore: intoRef.hash, hashAfter });
  const landed = await findPublishCommit(catalog, into, tested.hash);
  if (landed) return resume(landed, intoRef.hash);
  const changes = await mergeChanges(catalog, intoRef, testedRef);
  const audit = changes.filter((c) => isAuditKey(c.key));
  if (audit.length > 0) {
    throw new CatalogError(
      PublishCode.storedFailures,
      `The tested hash of ${branch} holds stored test failures (${audit.map((c) => c.key.join(".")).join(", ")}); they never go to ${into}.`,
      {
        hint: `Run \`tform test --branch ${branch}\`: it drops stale failure tables before testing, and stores new ones after the tested hash.`,
      },
    );
  }
  const base = { branch, into, testedHash: tested.hash, intoHashBefore: intoRef.hash, changes, reboundViews: [] };
  if (changes.length === 0) return { ...base, dryRun: options.dryRun === true, intoHashAfter: intoRef.hash };

  const tag = await chooseTag(catalog, options);
  const mergeFrom = async (source: BoundMergeSource) => {
    const meta = {
      message: `tform publish ${branch}@${tested.hash} into ${into} (${options.provenance.project}): ${changes.length} change(s)`,
      author: options.provenance.user,
      properties: {
        ...provenanceProperties(options.provenance),
        "tform.from-ref": branch,
        "tform.tested-hash": tested.hash,
        "tform.tag": tag,
        // the merged head is a copy of the tested hash plus one commit per rebound view
        ...(source.rebound.length > 0
          ? { "tform.views-rebound": String(source.rebound.length), "tform.merged-hash": source.fromHash }
          : {}),
      },
    };
    const result = await catalog
      .merge({
        fromRef: source.fromRef,
        fromHash: source.fromHash,
        into,
        expectedIntoHash: intoRef.hash,
        meta,
        dryRun: options.dryRun,
      })
      .catch((e: unknown) => {
        // a conflict Nessie reports as an error rather than as a result: same refusal, without the table list
        if (e instanceof CatalogError && e.code === CatalogCode.conflict)
          throw conflictError(
            branch,
            into,
            [...new Set([...e.message.matchAll(/key '([^']+)'/g)].map((m) => m[1]!))],
            e,
          );
        if (e instanceof CatalogError && e.code === CatalogCode.unreachable && !options.dryRun)
          throw new CatalogError(
            CatalogCode.unreachable,
            `Nessie did not answer the merge of ${branch}@${tested.hash} into ${into}: the merge may have landed. ${e.message}`,
            {
              cause: e,
              hint: `Run \`tform publish --branch ${branch}\` again once Nessie answers: it finds a merge that landed and creates the missing tag ${tag}, or merges if none did.`,
            },
          );
        throw e;
      });
    return { result, rebound: source.rebound.map((r) => r.key) };
  };
  // only views added or replaced need main's catalog; a dry run writes nothing, not even the temporary branch
  const views = changes.filter((c) => c.kind === "ICEBERG_VIEW" && c.change !== "removed").map((c) => c.key);
  const { result: merge, rebound } =
    options.bindViews && views.length > 0 && !options.dryRun
      ? await options.bindViews(testedRef, views, mergeFrom)
      : await mergeFrom({ fromRef: branch, fromHash: tested.hash, rebound: [] });
  if (!merge.ok)
    throw conflictError(
      branch,
      into,
      merge.conflicts.map((k) => k.join(".")),
    );
  const reboundBase = { ...base, reboundViews: rebound };
  if (options.dryRun) return { ...reboundBase, dryRun: true, intoHashAfter: intoRef.hash, tag };
  if (!merge.applied) {
    // clean but empty: another publish of the same tested hash merged it between our read of `into` and our merge
    const winner = await findPublishCommit(catalog, into, tested.hash);
    return winner
      ? resume(winner, merge.resultHash)
      : { ...reboundBase, changes: [], dryRun: false, intoHashAfter: merge.resultHash };
  }
  await tagRelease(options, tag, { name: into, type: "BRANCH", hash: merge.resultHash });
  return { ...reboundBase, dryRun: false, intoHashAfter: merge.resultHash, tag };
}

/** The result of a publish that found its merge already on `into`; completes the release tag unless on a dry run. */
async function resumed(
  options: PublishOptions,
  landed: PublishCommit,
  at: { branch: string; into: string; testedHash: string; intoHashBefore: string; hashAfter: string },
): Promise<PublishResult> {
  const tagCreated =
    landed.tag !== undefined && !options.dryRun
      ? await tagRelease(options, landed.tag, { name: at.into, type: "BRANCH", hash: landed.hash })
      : false;
  return {
    dryRun: options.dryRun === true,
    branch: at.branch,
    into: at.into,
    testedHash: at.testedHash,
    intoHashBefore: at.intoHashBefore,
    intoHashAfter: at.hashAfter,
    tag: landed.tag,
    changes: [],
    reboundViews: [],
    alreadyPublished: { ...landed, tagCreated },
  };
}

async function tagRelease(options: PublishOptions, tag: string, at: Reference): Promise<boolean> {
  try {
    return await ensureTag(options.catalog, tag, at);
  } catch (e) {
    throw new CatalogError(
      PublishCode.tagFailed,
      `Published ${options.branch} into ${at.name} at ${at.hash}, but tagging it ${tag} failed.`,
      {
        cause: e,
        hint: `The merge is complete. Run \`tform publish --branch ${options.branch}\` again to create the tag (it merges nothing twice), or create tag ${tag} at ${at.hash} in Nessie so rollback can find it.`,
      },
    );
  }
}

function conflictError(branch: string, into: string, conflicts: readonly string[], cause?: unknown): CatalogError {
  const which =
    conflicts.length > 0
      ? ` on ${conflicts.length} table(s): ${conflicts.join(", ")}`
      : cause instanceof Error
        ? `: ${cause.message}`
        : "";
  return new CatalogError(
    CatalogCode.conflict,
    `Publishing ${branch} into ${into} conflicts${which}. Nothing was merged; both branches are unchanged.`,
    {
      conflicts,
      cause,
      hint: `${into} changed these tables after ${branch} was created: rebuild them on a branch from the current ${into} (tform build --branch ${branch}-2 --from ${into}), test, and publish again.`,
    },
  );
}

async function chooseTag(catalog: Catalog, options: PublishOptions): Promise<string> {
  if (options.tag !== undefined) {
    if (await catalog.getReference(options.tag)) {
      throw new CatalogError(CatalogCode.referenceExists, `Tag ${options.tag} already exists.`, {
        hint: "Choose another --tag, or omit it for a timestamped release tag.",
      });
    }
    return options.tag;
  }
  const stem = defaultReleaseTag(options.now ?? new Date());
  for (let n = 1; ; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    if (!(await catalog.getReference(name))) return name;
  }
}

/** Stored failures are committed after the tested hash; any other commit means untested data. */
async function requireOnlyAuditCommits(catalog: Catalog, tested: Reference, head: Reference): Promise<void> {
  const moved = (await catalog.diff(tested, head)).filter((e) => !isAuditKey(e.key));
  if (moved.length === 0) return;
  throw new TestFailureError(
    PublishCode.movedSinceTested,
    `Branch ${head.name} moved since it was tested (${tested.hash} → ${head.hash}); changed: ${moved.map((e) => e.key.join(".")).join(", ")}.`,
    {
      hint: `Publish only merges tested data: run \`tform test --branch ${head.name}\` again, then publish.`,
    },
  );
}

async function noPassingRun(options: PublishOptions, head: Reference): Promise<TestFailureError> {
  const local = await localTestRecord(options.projectRoot, options.targetPath, options.branch);
  const tagHint = `In CI the record is the Nessie tag ${testedTagName(options.branch)}, set by a complete passing run.`;
  if (local?.verdict === "failed") {
    const c = local.counts;
    return new TestFailureError(
      "TF701",
      `Tests failed on ${options.branch}@${local.testedHash}: ${c.fail} failed, ${c.error} errored, ${c.skipped} skipped (${local.notPassed.slice(0, 5).join(", ")}).`,
      {
        hint: `Fix the data or the tests, rebuild and run \`tform test --branch ${options.branch}\`; publish refuses until a run passes.`,
      },
    );
  }
  if (local?.verdict === "passed" && !local.complete) {
    return new TestFailureError(
      "TF702",
      `Only part of the tests ran on ${options.branch} (${local.selected.length} selected); publish needs a run of every test.`,
      {
        hint: `Run \`tform test --branch ${options.branch}\` without --select/--exclude. ${tagHint}`,
      },
    );
  }
  return new TestFailureError("TF703", `No passing test run is recorded for ${options.branch}@${head.hash}.`, {
    hint: `Run \`tform test --branch ${options.branch}\` (or \`tform build --branch ${options.branch}\`) first. ${tagHint}`,
  });
}

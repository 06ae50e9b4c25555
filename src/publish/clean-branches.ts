/**
 * `tform clean --branches`: what branch builds leave behind once their work is on main. A branch whose head main
 * already holds (a publish recorded it as `tform.tested-hash`) is deleted with its `tform-tested-` tag; every Trino
 * catalog bound to a reference Nessie no longer has is dropped; on the branches kept, the staging tables of
 * incremental runs that failed (`…__tform_tmp…`) are dropped. A branch with work main lacks is never touched.
 */
import type { Catalog, Reference } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { quoteIdent, quoteRelation } from "../engine/sql-text.js";
import { STAGING_SUFFIX } from "../plan/materializations/incremental.js";
import type { Target } from "../project/types.js";
import { requireReference } from "./references.js";
import { bindRefCatalog, refCatalogName } from "./ref-catalog.js";
import { TESTED_TAG_PREFIX, testedTagName } from "./tested-hash.js";

/** how far back on main published heads are looked for */
const PUBLISHED_DEPTH = 2_000;

export interface CleanBranchesOptions {
  readonly engine: Engine;
  readonly catalog: Catalog;
  readonly target: Target;
  /** the branch releases are published into */
  readonly into: string;
  /** report what would go, change nothing */
  readonly dryRun?: boolean;
}

export interface CleanBranchesResult {
  /** published branches deleted */
  readonly branches: readonly string[];
  /** `tform-tested-` tags of branches that are gone */
  readonly tags: readonly string[];
  /** Trino catalogs of references that are gone */
  readonly catalogs: readonly string[];
  /** `branch: schema.table` of staging tables dropped */
  readonly stagingTables: readonly string[];
  /** branches kept because main lacks their head */
  readonly kept: readonly string[];
}

export async function cleanBranches(options: CleanBranchesOptions): Promise<CleanBranchesResult> {
  const { catalog, engine, target, into } = options;
  const act = !options.dryRun;
  const main = await requireReference(catalog, into);
  const refs = await catalog.listReferences();
  const published = new Set(
    (await catalog.history(into, PUBLISHED_DEPTH)).flatMap((e) => e.meta.properties?.["tform.tested-hash"] ?? []),
  );
  const branches: string[] = [];
  const kept: Reference[] = [];
  for (const ref of refs) {
    if (ref.type !== "BRANCH" || ref.name === into) continue;
    if (!published.has(ref.hash)) {
      kept.push(ref);
      continue;
    }
    if (act) await catalog.deleteReference(ref);
    branches.push(ref.name);
  }
  const liveBranches = new Set(
    refs.filter((r) => r.type === "BRANCH" && !branches.includes(r.name)).map((r) => r.name),
  );
  const liveTags = new Set([...liveBranches].map(testedTagName));
  const tags: string[] = [];
  for (const ref of refs) {
    if (ref.type !== "TAG" || !ref.name.startsWith(TESTED_TAG_PREFIX) || liveTags.has(ref.name)) continue;
    if (act) await catalog.deleteReference(ref);
    tags.push(ref.name);
  }

  const stagingTables: string[] = [];
  const onMain = new Set((await catalog.listContents(main)).map((c) => c.key.join(".")));
  for (const ref of kept) {
    const staging = (await catalog.listContents(ref)).filter(
      // a staging table that a publish carried onto main shares main's files: dropping it would delete them
      (c) => c.kind === "ICEBERG_TABLE" && c.key.at(-1)!.includes(STAGING_SUFFIX) && !onMain.has(c.key.join(".")),
    );
    if (staging.length === 0) continue;
    const bound = act ? await bindRefCatalog(engine, target, ref.name) : refCatalogName(target, ref.name);
    for (const c of staging) {
      const [schema, identifier] = [c.key.slice(0, -1).join("."), c.key.at(-1)!];
      if (act) await engine.execute(`DROP TABLE IF EXISTS ${quoteRelation({ database: bound, schema, identifier })}`);
      stagingTables.push(`${ref.name}: ${schema}.${identifier}`);
    }
  }

  const remaining = refs.filter((r) => !branches.includes(r.name) && !tags.includes(r.name));
  const live = new Set(remaining.map((r) => refCatalogName(target, r.name)));
  const prefix = `${target.catalog}__`;
  const catalogs: string[] = [];
  for (const row of (await engine.execute("SHOW CATALOGS")).rows) {
    const name = String(row[0]);
    if (!name.startsWith(prefix) || live.has(name)) continue;
    if (act) await engine.execute(`DROP CATALOG IF EXISTS ${quoteIdent(name)}`);
    catalogs.push(name);
  }
  return { branches, tags, catalogs, stagingTables, kept: kept.map((r) => r.name) };
}

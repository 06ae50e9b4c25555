/**
 * `tform history MODEL` and `tform show MODEL --at …`: a table's Iceberg snapshots on main, the release
 * tags that held each one, and queries of an earlier state. Native Nessie and plain catalogs keep every
 * snapshot in the Iceberg metadata ("snapshots" mode); Nessie's Iceberg REST keeps only the current one,
 * so REST mode reads earlier states by Nessie commit ("commits" mode, commit-time-travel.ts).
 */
import type { Catalog, Reference } from "../catalog/catalog.js";
import type { Engine, QueryResult } from "../engine/engine.js";
import type { Target } from "../project/types.js";
import { CatalogError } from "../errors.js";
import { commitFor, commitHistory, isRefName, tableAtCommit } from "./commit-time-travel.js";
import { quoteIdent } from "../engine/sql-text.js";
import { noBranchesError, requireReference } from "./references.js";
import { releaseTags } from "./release-tags.js";
import { PublishCode } from "./publish-code.js";

export interface TableName {
  readonly schema: string;
  readonly identifier: string;
}

/** Binds a Trino catalog to a Nessie reference (a release tag) and returns its name. */
export type RefCatalogBinder = (ref: Reference) => Promise<string>;

export interface SnapshotEntry {
  readonly snapshotId: string;
  readonly committedAt: string;
  readonly operation: string;
  readonly parentId?: string;
  readonly addedRecords?: string;
  readonly totalRecords?: string;
  /** release tags whose version of the table is this snapshot */
  readonly releases: readonly string[];
  /** commits mode: a Nessie commit at which the table was this snapshot (for `show --at`) */
  readonly commitHash?: string;
}

export type TimeTravelMode = "snapshots" | "commits";

export function timeTravelModeOf(target: Pick<Target, "branchCatalog">): TimeTravelMode {
  return target.branchCatalog?.mode === "rest" ? "commits" : "snapshots";
}

const table = (catalog: string, t: TableName, suffix = ""): string =>
  [catalog, t.schema, `${t.identifier}${suffix}`].map(quoteIdent).join(".");

export async function modelHistory(options: {
  engine: Engine;
  trinoCatalog: string;
  table: TableName;
  /** when given, each of the newest `max` release tags of `branch` is read to find its snapshot */
  releases?: { catalog: Catalog; bindRef: RefCatalogBinder; branch?: string; max?: number };
  /** default "snapshots"; "commits" needs `releases` (the states read are the head and the release tags) */
  mode?: TimeTravelMode;
}): Promise<SnapshotEntry[]> {
  const { engine, releases } = options;
  if (options.mode === "commits") {
    if (!releases) throw noBranchesError("read the history of");
    return commitHistory({
      engine,
      catalog: releases.catalog,
      trinoCatalog: options.trinoCatalog,
      table: options.table,
      branch: releases.branch,
      max: releases.max,
    });
  }
  const snapshots = await engine.execute(
    `select cast(snapshot_id as varchar), cast(committed_at as varchar), operation, cast(parent_id as varchar), element_at(summary, 'added-records'), element_at(summary, 'total-records') from ${table(options.trinoCatalog, options.table, "$snapshots")} order by committed_at`,
  );
  const releasesBySnapshot = new Map<string, string[]>();
  if (releases) {
    const tags = (await releaseTags(releases.catalog, releases.branch ?? "main")).slice(0, releases.max ?? 10);
    for (const { tag } of tags) {
      const id = await currentSnapshot(engine, await releases.bindRef(tag), options.table);
      if (id !== undefined) releasesBySnapshot.set(id, [...(releasesBySnapshot.get(id) ?? []), tag.name]);
    }
  }
  return snapshots.rows.map((r) => ({
    snapshotId: String(r[0]),
    committedAt: String(r[1]),
    operation: String(r[2] ?? ""),
    ...(r[3] != null ? { parentId: String(r[3]) } : {}),
    ...(r[4] != null ? { addedRecords: String(r[4]) } : {}),
    ...(r[5] != null ? { totalRecords: String(r[5]) } : {}),
    releases: releasesBySnapshot.get(String(r[0])) ?? [],
  }));
}

/** The table's current snapshot in a catalog; undefined when the table does not exist there. */
async function currentSnapshot(engine: Engine, trinoCatalog: string, t: TableName): Promise<string | undefined> {
  try {
    const r = await engine.execute(
      `select cast(snapshot_id as varchar) from ${table(trinoCatalog, t, "$history")} where is_current_ancestor order by made_current_at desc limit 1`,
    );
    return r.rows[0] ? String(r.rows[0][0]) : undefined;
  } catch {
    return undefined; // the table is absent at that release
  }
}

export type TimeTravelPoint =
  | { readonly kind: "snapshot"; readonly id: string }
  | { readonly kind: "timestamp"; readonly at: Date }
  | { readonly kind: "commit"; readonly hash: string }
  | { readonly kind: "ref"; readonly name: string };

/**
 * Snapshot ids are long integers, Nessie commit hashes 64 hex digits (Nessie's Iceberg REST does not
 * resolve an abbreviated one in `table#hash`), timestamps start with a date; anything else names a tag or branch.
 */
export function parseAt(at: string): TimeTravelPoint {
  const s = at.trim();
  if (/^[0-9a-f]{64}$/i.test(s)) return { kind: "commit", hash: s.toLowerCase() };
  if (/^-?\d{10,}$/.test(s)) return { kind: "snapshot", id: s };
  if (/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2}| UTC)?$/.test(s)) {
    const iso = s.replace(" UTC", "Z").replace(" ", "T");
    const d = new Date(/Z|[+-]\d{2}:?\d{2}$/.test(iso) || !iso.includes("T") ? iso : `${iso}Z`);
    if (!Number.isNaN(d.getTime())) return { kind: "timestamp", at: d };
  }
  return { kind: "ref", name: s };
}

/** Trino wants a timestamp with time zone for FOR TIMESTAMP AS OF. */
const timestampLiteral = (d: Date): string => `TIMESTAMP '${d.toISOString().replace("T", " ").replace("Z", "")} UTC'`;

export async function showModel(options: {
  engine: Engine;
  /** needed to read a tag or branch, and for every point in commits mode */
  catalog?: Catalog;
  trinoCatalog: string;
  table: TableName;
  at: string;
  limit?: number;
  bindRef: RefCatalogBinder;
  /** default "snapshots" */
  mode?: TimeTravelMode;
}): Promise<QueryResult & { sql: string; commitHash?: string }> {
  const point = parseAt(options.at);
  const limit = options.limit ?? 20;
  if (options.mode === "commits") {
    if (!options.catalog) throw noBranchesError(`read ${options.at} of`);
    const hash = await commitFor({
      engine: options.engine,
      catalog: options.catalog,
      trinoCatalog: options.trinoCatalog,
      table: options.table,
      point,
    });
    const sql = `select * from ${tableAtCommit(options.trinoCatalog, options.table, hash)} limit ${limit}`;
    return { ...(await options.engine.execute(sql)), sql, commitHash: hash };
  }
  let sql: string;
  switch (point.kind) {
    case "snapshot":
      sql = `select * from ${table(options.trinoCatalog, options.table)} for version as of ${point.id} limit ${limit}`;
      break;
    case "timestamp":
      sql = `select * from ${table(options.trinoCatalog, options.table)} for timestamp as of ${timestampLiteral(point.at)} limit ${limit}`;
      break;
    case "commit":
    case "ref": {
      const name = point.kind === "ref" ? point.name : point.hash;
      if (!options.catalog) throw noBranchesError(`read ${name} of`);
      if (!isRefName(name)) {
        throw new CatalogError(
          PublishCode.hashNotReadable,
          `${name} looks like a Nessie commit hash, but this catalog mode reads branches and tags, not commits.`,
          {
            hint: "Give a release tag, an Iceberg snapshot id (`tform history MODEL` lists them) or a timestamp. Reading by commit hash needs Nessie's Iceberg REST (branch_catalog.mode: rest).",
          },
        );
      }
      const bound = await options.bindRef(await requireReference(options.catalog, name));
      sql = `select * from ${table(bound, options.table)} limit ${limit}`;
      break;
    }
  }
  return { ...(await options.engine.execute(sql)), sql };
}

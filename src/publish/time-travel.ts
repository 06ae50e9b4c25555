/**
 * `tform history MODEL` and `tform show MODEL --at …`: a table's Iceberg snapshots on main, the release
 * tags that held each one, and queries of an earlier state.
 */
import type { Catalog, Reference } from "../catalog/catalog.js";
import type { Engine, QueryResult } from "../engine/engine.js";
import { quoteIdent } from "../testing/execute-test.js";
import { noBranchesError, requireReference } from "./references.js";
import { releaseTags } from "./release-tags.js";

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
}

const table = (catalog: string, t: TableName, suffix = ""): string => [catalog, t.schema, `${t.identifier}${suffix}`].map(quoteIdent).join(".");

export async function modelHistory(options: {
  engine: Engine;
  trinoCatalog: string;
  table: TableName;
  /** when given, each of the newest `max` release tags of `branch` is read to find its snapshot */
  releases?: { catalog: Catalog; bindRef: RefCatalogBinder; branch?: string; max?: number };
}): Promise<SnapshotEntry[]> {
  const { engine } = options;
  const snapshots = await engine.execute(
    `select cast(snapshot_id as varchar), cast(committed_at as varchar), operation, cast(parent_id as varchar), element_at(summary, 'added-records'), element_at(summary, 'total-records') from ${table(options.trinoCatalog, options.table, "$snapshots")} order by committed_at`,
  );
  const releasesBySnapshot = new Map<string, string[]>();
  const releases = options.releases;
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
    const r = await engine.execute(`select cast(snapshot_id as varchar) from ${table(trinoCatalog, t, "$history")} where is_current_ancestor order by made_current_at desc limit 1`);
    return r.rows[0] ? String(r.rows[0][0]) : undefined;
  } catch {
    return undefined; // the table is absent at that release
  }
}

export type TimeTravelPoint = { readonly kind: "snapshot"; readonly id: string } | { readonly kind: "timestamp"; readonly at: Date } | { readonly kind: "ref"; readonly name: string };

/** Snapshot ids are long integers, timestamps start with a date; anything else names a tag or branch. */
export function parseAt(at: string): TimeTravelPoint {
  const s = at.trim();
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
  /** needed only to read a tag or branch */
  catalog?: Catalog;
  trinoCatalog: string;
  table: TableName;
  at: string;
  limit?: number;
  bindRef: RefCatalogBinder;
}): Promise<QueryResult & { sql: string }> {
  const point = parseAt(options.at);
  const limit = options.limit ?? 20;
  let sql: string;
  switch (point.kind) {
    case "snapshot":
      sql = `select * from ${table(options.trinoCatalog, options.table)} for version as of ${point.id} limit ${limit}`;
      break;
    case "timestamp":
      sql = `select * from ${table(options.trinoCatalog, options.table)} for timestamp as of ${timestampLiteral(point.at)} limit ${limit}`;
      break;
    case "ref": {
      if (!options.catalog) throw noBranchesError(`read ${point.name} of`);
      const bound = await options.bindRef(await requireReference(options.catalog, point.name));
      sql = `select * from ${table(bound, options.table)} limit ${limit}`;
      break;
    }
  }
  return { ...(await options.engine.execute(sql)), sql };
}

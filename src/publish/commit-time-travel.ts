/**
 * Time travel in Nessie REST mode. Nessie's Iceberg REST keeps only a table's current snapshot in the
 * Iceberg metadata (history is Nessie's commit log), so `FOR VERSION AS OF <older snapshot>` cannot work
 * there. An earlier state is read by Nessie commit instead: `"table#<commit hash>"` through the main
 * catalog (proven on Trino 476 + Nessie 0.99, test/integration/rest-time-travel.test.ts).
 */
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { CatalogError } from "../errors.js";
import { quoteIdent } from "../engine/sql-text.js";
import { requireReference } from "./references.js";
import { releaseTags } from "./release-tags.js";
import type { SnapshotEntry, TableName, TimeTravelPoint } from "./time-travel.js";
import { PublishCode } from "./publish-code.js";

const LOG_DEPTH = 1000;

/** Nessie reference names start with a letter. */
export const isRefName = (name: string): boolean => /^[A-Za-z]/.test(name);

/** `"catalog"."schema"."table#hash[$suffix]"`: the table as of a Nessie commit. */
export const tableAtCommit = (trinoCatalog: string, t: TableName, hash: string, suffix = ""): string =>
  [trinoCatalog, t.schema, `${t.identifier}#${hash}${suffix}`].map(quoteIdent).join(".");

/** The head of `branch` and its newest `max` release tags: the states whose snapshot history reports. */
async function releaseStates(
  catalog: Catalog,
  branch: string,
  max: number,
): Promise<{ hash: string; release?: string }[]> {
  const [head, tags] = await Promise.all([requireReference(catalog, branch), releaseTags(catalog, branch)]);
  return [{ hash: head.hash }, ...tags.slice(0, max).map((t) => ({ hash: t.tag.hash, release: t.tag.name }))];
}

/** The table's snapshot at a commit; undefined when the table does not exist there. */
async function snapshotAt(
  engine: Engine,
  trinoCatalog: string,
  t: TableName,
  hash: string,
): Promise<Omit<SnapshotEntry, "releases"> | undefined> {
  try {
    const r = await engine.execute(
      `select cast(snapshot_id as varchar), cast(committed_at as varchar), operation, cast(parent_id as varchar), element_at(summary, 'added-records'), element_at(summary, 'total-records') from ${tableAtCommit(trinoCatalog, t, hash, "$snapshots")}`,
    );
    const row = r.rows[0];
    if (!row) return undefined;
    return {
      snapshotId: String(row[0]),
      committedAt: String(row[1]),
      operation: String(row[2] ?? ""),
      ...(row[3] != null ? { parentId: String(row[3]) } : {}),
      ...(row[4] != null ? { addedRecords: String(row[4]) } : {}),
      ...(row[5] != null ? { totalRecords: String(row[5]) } : {}),
      commitHash: hash,
    };
  } catch {
    return undefined; // the table is absent at that commit
  }
}

/** One entry per distinct snapshot among the head and the newest release tags of `branch`, oldest first. */
export async function commitHistory(options: {
  engine: Engine;
  catalog: Catalog;
  trinoCatalog: string;
  table: TableName;
  branch?: string;
  max?: number;
}): Promise<SnapshotEntry[]> {
  const states = await releaseStates(options.catalog, options.branch ?? "main", options.max ?? 10);
  const bySnapshot = new Map<string, SnapshotEntry & { releases: string[] }>();
  for (const state of states) {
    const found = await snapshotAt(options.engine, options.trinoCatalog, options.table, state.hash);
    if (!found) continue;
    const entry = bySnapshot.get(found.snapshotId) ?? { ...found, releases: [] };
    if (state.release) entry.releases.push(state.release);
    bySnapshot.set(found.snapshotId, entry);
  }
  return [...bySnapshot.values()].sort((a, b) => a.committedAt.localeCompare(b.committedAt));
}

/** The Nessie commit to read for a point in time, on `branch`'s history. */
export async function commitFor(options: {
  engine: Engine;
  catalog: Catalog;
  trinoCatalog: string;
  table: TableName;
  point: TimeTravelPoint;
  branch?: string;
}): Promise<string> {
  const { point, catalog } = options;
  const branch = options.branch ?? "main";
  switch (point.kind) {
    case "commit":
      // a branch or tag may have a hash-like name; Nessie rejects a lookup of a name that starts with a digit
      return (isRefName(point.hash) ? (await catalog.getReference(point.hash))?.hash : undefined) ?? point.hash;
    case "ref":
      return (await requireReference(catalog, point.name)).hash;
    case "timestamp": {
      const log = await catalog.history(branch, LOG_DEPTH);
      const at = log.find((e) => e.commitTime !== undefined && Date.parse(e.commitTime) <= point.at.getTime());
      if (!at)
        throw new CatalogError(
          PublishCode.noCommitAtTime,
          `${branch} has no commit at or before ${point.at.toISOString()} in its last ${LOG_DEPTH} commits.`,
          { hint: "Give a later time, a release tag or a Nessie commit hash." },
        );
      return at.hash;
    }
    case "snapshot": {
      const entries = await commitHistory({ ...options, branch });
      const match = entries.find((e) => e.snapshotId === point.id);
      if (!match?.commitHash) {
        throw new CatalogError(
          PublishCode.snapshotNotOnBranch,
          `Snapshot ${point.id} of ${options.table.schema}.${options.table.identifier} is not the table's state at the head of ${branch} or at one of its recent release tags.`,
          {
            hint: "Nessie's Iceberg REST keeps only each table's current snapshot; read an earlier state by release tag, Nessie commit hash or timestamp (`tform history MODEL` lists them).",
          },
        );
      }
      return match.commitHash;
    }
  }
}

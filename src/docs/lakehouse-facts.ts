/**
 * What the docs site shows beyond dbt's catalog: each table's Iceberg statistics and snapshots, the releases on main
 * (each release tag's merge, diffed against its parent commit, names the tables it changed), and with --branch which
 * models differ from main. Everything is read, nothing is written.
 */
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { readIcebergStats, type IcebergTableStats } from "../engine/iceberg-stats.js";
import { releaseTags } from "../publish/release-tags.js";
import type { ReleaseInput } from "./site/site-data.js";

/** Release tags looked at, newest first: one Nessie diff each. */
export const RELEASES_SHOWN = 20;
/** Snapshots shown per table, the newest: a table rebuilt daily in native mode keeps every one of them. */
export const SNAPSHOTS_SHOWN = 50;

export interface StatsWanted {
  readonly uniqueId: string;
  readonly schema: string;
  readonly identifier: string;
}

/** unique id → statistics, for the Iceberg tables of the catalog read that could be measured. */
export async function tableStats(
  engine: Engine,
  trinoCatalog: string,
  tables: readonly StatsWanted[],
): Promise<Map<string, IcebergTableStats>> {
  const stats = await readIcebergStats(engine, trinoCatalog, tables);
  const out = new Map<string, IcebergTableStats>();
  for (const t of tables) {
    const s = stats.get(`${t.schema}.${t.identifier}`.toLowerCase());
    if (s) out.set(t.uniqueId, s);
  }
  return out;
}

/** The newest release tags of `branch` and the tables each one's merge changed. */
export async function releasesOf(catalog: Catalog, branch: string, max = RELEASES_SHOWN): Promise<ReleaseInput[]> {
  const [tags, log] = await Promise.all([releaseTags(catalog, branch), catalog.history(branch, 1000)]);
  return Promise.all(
    tags.slice(0, max).map(async ({ tag, depth, commitTime }) => {
      const parent = log[depth]?.parentHash;
      const changes = parent ? await catalog.diff({ name: branch, type: "BRANCH", hash: parent }, tag) : [];
      return {
        name: tag.name,
        hash: tag.hash,
        ...(commitTime ? { commitTime } : {}),
        tables: changes.filter((c) => c.kind !== "NAMESPACE").map((c) => c.key.join(".").toLowerCase()),
      };
    }),
  );
}

/**
 * `tform docs generate` as a library call: compile the project (target/manifest.json, as `tform compile`), then read
 * from Trino the relations of its models (not ephemeral ones), seeds and sources in the catalog read (a branch's with
 * --branch) and write target/catalog.json in dbt's shape, with the Iceberg tables' row counts and sizes. Relations
 * that do not exist are left out, as dbt does. Then target/docs/index.html: the docs site, with the releases on main,
 * each table's snapshots and, with --branch, which models differ from main.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import {
  CATALOG_SCHEMA,
  icebergTableStats,
  NO_STATS,
  type CatalogFile,
  type CatalogTable,
} from "../artifacts/catalog-file.js";
import type { IcebergTableStats } from "../engine/iceberg-stats.js";
import { diffBranch } from "../publish/diff-branch.js";
import { dbtArtifactMetadata } from "../artifacts/dbt-artifact-metadata.js";
import { writeArtifactFiles } from "../artifacts/write-artifact-files.js";
import { compileProject } from "../compile/compile-project.js";
import { parseProjectDir } from "../compile/parse-project-dir.js";
import type { ProjectOptions } from "../compile/prepare-project.js";
import { resolveReadLocation, relationIn, type ReadLocation } from "../operations/read-location.js";
import { isBranching } from "../plan/run-location.js";
import type { Relation } from "../project/types.js";
import { openCatalog, openEngine } from "../publish/open-lakehouse.js";
import { readCatalogTables, type WarehouseTable } from "./catalog-query.js";
import { releasesOf, SNAPSHOTS_SHOWN, tableStats } from "./lakehouse-facts.js";
import { docLookup } from "./site/describe.js";
import { renderSite } from "./site/render-site.js";
import { buildSiteData, type SiteData } from "./site/site-data.js";

export interface DocsGenerateOptions extends ProjectOptions {
  /** read the relations on this Nessie branch */
  readonly branch?: string;
  /** render the models' SQL into the manifest (default true; false is dbt's --no-compile) */
  readonly compile?: boolean;
  /** write the docs site, target/docs/index.html (default true) */
  readonly site?: boolean;
  readonly engine?: Engine;
  readonly catalog?: Catalog;
}

export interface DocsGenerateResult {
  readonly location: ReadLocation;
  readonly catalog: CatalogFile;
  /** relative to the project root */
  readonly catalogPath: string;
  /** absolute, as compile reports it */
  readonly manifestPath: string;
  /** models, seeds and sources looked for, found or not */
  readonly wanted: number;
  /** Iceberg tables whose row counts and sizes were read */
  readonly measured: number;
  /** relative to the project root; absent with `site: false` */
  readonly sitePath?: string;
  readonly site?: SiteData;
}

interface Wanted {
  readonly uniqueId: string;
  readonly section: "nodes" | "sources";
  readonly relation: Relation;
}

function entry(w: Wanted, database: string, t: WarehouseTable, stats?: IcebergTableStats): CatalogTable {
  const last = stats?.snapshots.at(-1)?.committedAt;
  return {
    metadata: { type: t.type, schema: t.schema, name: t.name, database, comment: t.comment, owner: null },
    columns: Object.fromEntries(t.columns.map((c) => [c.name, c])),
    stats: stats ? icebergTableStats({ ...stats, ...(last ? { lastModified: last } : {}) }) : NO_STATS,
    unique_id: w.uniqueId,
  };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch {
    return undefined; // no run yet, or a file tform cannot read: the tests show no status
  }
}

export async function generateDocs(options: DocsGenerateOptions): Promise<DocsGenerateResult> {
  const startedAt = new Date();
  const compiled = options.compile === false ? await parseProjectDir(options) : await compileProject(options);
  const { parsed, project, target } = compiled;
  const engine = options.engine ?? (await openEngine(target));
  try {
    // a branching target's catalog also has the releases on main, so it is opened without --branch too
    const catalog =
      options.catalog ?? (isBranching(target) ? await openCatalog(target, "read a branch of") : undefined);
    const location = await resolveReadLocation({ target, engine, catalog, branch: options.branch });
    const wanted: Wanted[] = [
      ...[...parsed.nodes.values()]
        // every node that builds a relation: models but ephemeral ones, seeds (and snapshots once the loader has them)
        .filter(
          (n) => parsed.renderer.node(n.uniqueId)?.resourceType !== "test" && n.config.materialized !== "ephemeral",
        )
        .map((n) => ({
          uniqueId: n.uniqueId,
          section: "nodes" as const,
          relation: relationIn(parsed, n.uniqueId, location.catalog),
        })),
      ...project.sources.map((s) => ({
        uniqueId: s.uniqueId,
        section: "sources" as const,
        relation: relationIn(parsed, s.uniqueId, location.catalog),
      })),
    ];
    const byDatabase = new Map<string, Wanted[]>();
    for (const w of wanted) {
      const list = byDatabase.get(w.relation.database) ?? [];
      list.push(w);
      byDatabase.set(w.relation.database, list);
    }
    const nodes: Record<string, CatalogTable> = {};
    const sources: Record<string, CatalogTable> = {};
    const errors: string[] = [];
    const snapshots = new Map<string, IcebergTableStats["snapshots"]>();
    let measured = 0;
    await Promise.all(
      [...byDatabase].map(async ([database, list]) => {
        let tables: Map<string, WarehouseTable>;
        try {
          tables = await readCatalogTables(engine, database, [...new Set(list.map((w) => w.relation.schema))]);
        } catch (e) {
          // as dbt: a catalog that cannot be read is an error in the file, the others are still written
          return void errors.push(`${database}: ${e instanceof Error ? e.message : String(e)}`);
        }
        const found = list.flatMap((w) => {
          const t = tables.get(`${w.relation.schema}.${w.relation.identifier}`.toLowerCase());
          return t ? [{ w, t }] : [];
        });
        // only the lakehouse's Iceberg tables have $files/$snapshots (not views, not other connectors' sources)
        const stats =
          database === location.catalog
            ? await tableStats(
                engine,
                database,
                found
                  .filter(({ t }) => t.type === "BASE TABLE")
                  .map(({ w }) => ({
                    uniqueId: w.uniqueId,
                    schema: w.relation.schema,
                    identifier: w.relation.identifier,
                  })),
              )
            : new Map<string, IcebergTableStats>();
        measured += stats.size;
        for (const { w, t } of found) {
          (w.section === "nodes" ? nodes : sources)[w.uniqueId] = entry(w, database, t, stats.get(w.uniqueId));
          const s = stats.get(w.uniqueId);
          if (s) snapshots.set(w.uniqueId, s.snapshots.slice(-SNAPSHOTS_SHOWN));
        }
      }),
    );
    const file: CatalogFile = {
      metadata: dbtArtifactMetadata(
        CATALOG_SCHEMA,
        { invocationId: randomUUID(), startedAt },
        options.env ?? process.env,
      ),
      nodes,
      sources,
      errors: errors.length ? errors : null,
    };
    const catalogPath = path.join(project.config.targetPath, "catalog.json");
    const files = [{ path: catalogPath, content: `${JSON.stringify(file, null, 2)}\n` }];
    let site: SiteData | undefined;
    const sitePath = path.join(project.config.targetPath, "docs", "index.html");
    if (options.site !== false) {
      const main = target.nessie?.defaultBranch ?? "main";
      const diffModels = wanted
        .filter((w) => w.section === "nodes")
        .map((w) => ({ uniqueId: w.uniqueId, schema: w.relation.schema, identifier: w.relation.identifier }));
      const [releases, diff, runResults] = await Promise.all([
        catalog ? releasesOf(catalog, main) : [],
        catalog && location.branch
          ? diffBranch({
              catalog,
              engine,
              branch: location.branch.name,
              into: main,
              branchCatalog: location.catalog,
              intoCatalog: target.catalog,
              models: diffModels,
            })
          : undefined,
        readJson(path.join(project.root, project.config.targetPath, "run_results.json")),
      ]);
      const described = new Map<string, string>([
        ...[...project.models, ...project.seeds, ...project.snapshots, ...project.tests].map(
          (n) => [n.uniqueId, n.patchLocation?.file ?? n.originalFilePath] as const,
        ),
        ...project.sources.map((s) => [s.uniqueId, s.location.file] as const),
      ]);
      site = buildSiteData({
        graph: compiled.graph,
        manifest: compiled.manifest,
        catalog: file,
        docs: docLookup(project.docs),
        describedIn: (id) => described.get(id) ?? "",
        runResults,
        location: {
          catalog: location.catalog,
          ...(location.branch ? { branch: { name: location.branch.name, hash: location.branch.hash } } : {}),
        },
        releases,
        snapshots,
        ...(diff ? { diff: { into: main, models: diff } } : {}),
        generatedAt: startedAt,
      });
      files.push({ path: sitePath, content: await renderSite(site) });
    }
    await writeArtifactFiles(project.root, files);
    return {
      location,
      catalog: file,
      catalogPath,
      manifestPath: compiled.manifestPath,
      wanted: wanted.length,
      measured,
      ...(site ? { site, sitePath } : {}),
    };
  } finally {
    if (!options.engine) await engine.close();
  }
}

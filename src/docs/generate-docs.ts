/**
 * `tform docs generate` as a library call: compile the project (target/manifest.json, as `tform compile`), then read
 * from Trino the relations of its models (not ephemeral ones), seeds and sources in the catalog read (a branch's with
 * --branch) and write target/catalog.json in dbt's shape. Relations that do not exist are left out, as dbt does.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { CATALOG_SCHEMA, NO_STATS, type CatalogFile, type CatalogTable } from "../artifacts/catalog-file.js";
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

export interface DocsGenerateOptions extends ProjectOptions {
  /** read the relations on this Nessie branch */
  readonly branch?: string;
  /** render the models' SQL into the manifest (default true; false is dbt's --no-compile) */
  readonly compile?: boolean;
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
}

interface Wanted {
  readonly uniqueId: string;
  readonly section: "nodes" | "sources";
  readonly relation: Relation;
}

function entry(w: Wanted, database: string, t: WarehouseTable): CatalogTable {
  return {
    metadata: { type: t.type, schema: t.schema, name: t.name, database, comment: t.comment, owner: null },
    columns: Object.fromEntries(t.columns.map((c) => [c.name, c])),
    stats: NO_STATS,
    unique_id: w.uniqueId,
  };
}

export async function generateDocs(options: DocsGenerateOptions): Promise<DocsGenerateResult> {
  const startedAt = new Date();
  const compiled = options.compile === false ? await parseProjectDir(options) : await compileProject(options);
  const { parsed, project, target } = compiled;
  const engine = options.engine ?? (await openEngine(target));
  try {
    const catalog =
      options.catalog ??
      (options.branch !== undefined && isBranching(target) ? await openCatalog(target, "read a branch of") : undefined);
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
    await Promise.all(
      [...byDatabase].map(async ([database, list]) => {
        let tables: Map<string, WarehouseTable>;
        try {
          tables = await readCatalogTables(engine, database, [...new Set(list.map((w) => w.relation.schema))]);
        } catch (e) {
          // as dbt: a catalog that cannot be read is an error in the file, the others are still written
          return void errors.push(`${database}: ${e instanceof Error ? e.message : String(e)}`);
        }
        for (const w of list) {
          const t = tables.get(`${w.relation.schema}.${w.relation.identifier}`.toLowerCase());
          if (t) (w.section === "nodes" ? nodes : sources)[w.uniqueId] = entry(w, database, t);
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
    await writeArtifactFiles(project.root, [{ path: catalogPath, content: `${JSON.stringify(file, null, 2)}\n` }]);
    return { location, catalog: file, catalogPath, manifestPath: compiled.manifestPath, wanted: wanted.length };
  } finally {
    if (!options.engine) await engine.close();
  }
}

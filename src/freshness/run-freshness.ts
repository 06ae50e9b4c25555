/**
 * `tform source freshness` as a library call: the selected sources that have a freshness threshold, measured N at a
 * time in the run's catalog (a branch's with --branch), written to target/sources.json as dbt writes it.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { dbtArtifactMetadata } from "../artifacts/dbt-artifact-metadata.js";
import { SOURCES_SCHEMA, sourcesFile } from "../artifacts/sources-file.js";
import { writeArtifactFiles } from "../artifacts/write-artifact-files.js";
import { prepareProject, type ProjectOptions } from "../compile/prepare-project.js";
import { selectNodes } from "../graph/select.js";
import { resolveReadLocation, relationIn, type ReadLocation } from "../operations/read-location.js";
import type { FreshnessThreshold, SourceTable } from "../project/types.js";
import { isBranching } from "../plan/run-location.js";
import { openCatalog, openEngine } from "../publish/open-lakehouse.js";
import { checkFreshness, type FreshnessResult } from "./check-freshness.js";

export interface SourceFreshnessOptions extends ProjectOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly onUnmatched?: (selector: string) => void;
  /** read the sources' tables on this Nessie branch */
  readonly branch?: string;
  /** parallel queries (default: the target's threads) */
  readonly threads?: number;
  readonly engine?: Engine;
  readonly catalog?: Catalog;
  readonly signal?: AbortSignal;
  readonly onStart?: (source: SourceTable, index: number, total: number) => void;
  readonly onResult?: (result: FreshnessResult, index: number, total: number) => void;
}

export interface SourceFreshnessRun {
  readonly location: ReadLocation;
  /** in the order they finished */
  readonly results: readonly FreshnessResult[];
  /** relative to the working project root */
  readonly sourcesPath: string;
  /** no source is stale past error_after and none failed to be measured */
  readonly success: boolean;
  readonly seconds: number;
}

type Measured = SourceTable & { readonly freshness: FreshnessThreshold };

export async function sourceFreshness(options: SourceFreshnessOptions): Promise<SourceFreshnessRun> {
  const startedAt = new Date();
  const prepared = await prepareProject(options);
  const { parsed, graph, target, project } = prepared;
  const ids = selectNodes(graph, {
    select: options.select,
    exclude: options.exclude,
    resourceTypes: ["source"],
    ...(options.onUnmatched ? { onUnmatched: options.onUnmatched } : {}),
  });
  const byId = new Map(project.sources.map((s) => [s.uniqueId, s]));
  // dbt's FreshnessSelector: only sources with a warn_after or error_after
  const sources = ids.map((id) => byId.get(id)).filter((s): s is Measured => s?.freshness !== undefined);
  const engine = options.engine ?? (await openEngine(target));
  try {
    const catalog =
      options.catalog ??
      (options.branch !== undefined && isBranching(target) ? await openCatalog(target, "read a branch of") : undefined);
    const location = await resolveReadLocation({ target, engine, catalog, branch: options.branch });
    const results: FreshnessResult[] = [];
    let next = 0;
    const worker = async (n: number): Promise<void> => {
      while (next < sources.length && !options.signal?.aborted) {
        const index = ++next;
        const source = sources[index - 1]!;
        options.onStart?.(source, index, sources.length);
        const result = await checkFreshness(
          engine,
          source,
          relationIn(parsed, source.uniqueId, location.catalog),
          n,
          options.signal,
        );
        results.push(result);
        options.onResult?.(result, index, sources.length);
      }
    };
    const threads = Math.max(1, Math.min(options.threads ?? target.threads, sources.length));
    await Promise.all(Array.from({ length: threads }, (_, i) => worker(i + 1)));
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const file = sourcesFile(
      dbtArtifactMetadata(SOURCES_SCHEMA, { invocationId: randomUUID(), startedAt }, options.env ?? process.env),
      results,
      seconds,
    );
    const sourcesPath = path.join(project.config.targetPath, "sources.json");
    await writeArtifactFiles(project.root, [{ path: sourcesPath, content: `${JSON.stringify(file, null, 2)}\n` }]);
    const success =
      results.every((r) => r.status === "pass" || r.status === "warn") && results.length === sources.length;
    return { location, results, sourcesPath, success, seconds };
  } finally {
    if (!options.engine) await engine.close();
  }
}

/**
 * `tform compile` as a library call: render the selected models and tests offline (refs point at the
 * target's main catalog), write them under target/compiled/<project>/<path> and write the manifest.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { buildManifest, manifestMetadata, type Manifest } from "../artifacts/manifest.js";
import { manifestText } from "./manifest-state.js";
import { tformVersion } from "../artifacts/tform-version.js";
import { readWrittenIndex, writeArtifactFiles, writeChangedFiles } from "../artifacts/write-artifact-files.js";
import { checkSelectedConfigs } from "../plan/check-configs.js";
import { selectNodes, type IndirectSelection } from "../graph/select.js";
import type { ResourceType } from "../project/types.js";
import { compileNodes } from "../render/compile-node.js";
import type { CompiledNode } from "../render/types.js";
import { openCompileCache } from "./compile-cache.js";
import { prepareProject, type PreparedProject, type ProjectOptions } from "./prepare-project.js";

export interface CompileOptions extends ProjectOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly resourceTypes?: readonly ResourceType[];
  readonly indirectSelection?: IndirectSelection;
  /** write target/compiled and target/manifest.json (default true) */
  readonly write?: boolean;
  readonly onUnmatched?: (selector: string) => void;
}

export interface CompileResult extends PreparedProject {
  readonly invocationId: string;
  /** unique ids selected, in topological order (seeds and sources included, though they have no SQL) */
  readonly selected: readonly string[];
  readonly compiled: ReadonlyMap<string, CompiledNode>;
  readonly manifest: Manifest;
  /** absolute path of manifest.json (written only when `write` is not false) */
  readonly manifestPath: string;
  /** compiled files written and left as they were (same content as the previous run) */
  readonly files: { readonly written: number; readonly unchanged: number };
  /** compiled nodes reused from target/partial_parse/ */
  readonly reusedCompiled: number;
}

const COMPILABLE: ReadonlySet<ResourceType> = new Set(["model", "snapshot", "test"]);

export async function compileProject(options: CompileOptions): Promise<CompileResult> {
  const prepared = await prepareProject(options);
  const { parsed, graph, project, target } = prepared;
  const timings = { ...prepared.timings };
  let last = performance.now();
  const lap = (phase: string): void => {
    const now = performance.now();
    timings[phase] = now - last;
    last = now;
  };
  const selected = selectNodes(graph, {
    ...(options.select ? { select: options.select } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.resourceTypes ? { resourceTypes: options.resourceTypes } : {}),
    ...(options.indirectSelection ? { indirectSelection: options.indirectSelection } : {}),
    ...(options.onUnmatched ? { onUnmatched: options.onUnmatched } : {}),
  });
  checkSelectedConfigs(parsed, selected, project.root);
  lap("select");
  const invocationId = randomUUID();
  const context = { catalog: target.catalog, invocationId, runStartedAt: new Date(), isIncremental: false };
  const toCompile = selected.filter((id) => COMPILABLE.has(graph.nodes.get(id)!.resourceType));
  const cache =
    prepared.nodeDigests.size > 0
      ? await openCompileCache(parsed, prepared.nodeDigests, options.vars ?? {}, context)
      : undefined;
  const reused = new Map<string, CompiledNode>();
  for (const id of cache ? toCompile : []) {
    const hit = cache!.get(id);
    if (hit) reused.set(id, hit);
  }
  const fresh = await compileNodes(
    parsed,
    toCompile.filter((id) => !reused.has(id)),
    context,
    (node, observed) => cache?.put(node, observed),
  );
  const byId = new Map([...reused, ...fresh.map((c) => [c.uniqueId, c] as const)]);
  const compiled = new Map<string, CompiledNode>(toCompile.map((id) => [id, byId.get(id)!]));
  await cache?.save(new Set(parsed.nodes.keys()));
  lap("compile");
  const compiledRoot = path.join(project.config.targetPath, "compiled");
  const indexFile = path.join(compiledRoot, ".tform-written");
  let files = { written: 0, unchanged: 0 };
  let writing: Promise<unknown> = Promise.resolve();
  if (options.write !== false) {
    // compiled files are written while the manifest is being built
    const previous = await readWrittenIndex(path.join(project.root, indexFile));
    writing = writeChangedFiles(
      project.root,
      indexFile,
      previous,
      [...compiled.values()].map((c) => ({ path: c.compiledPath, content: c.compiledSql })),
    ).then((r) => (files = r));
  }
  const generatedAt = new Date();
  let manifest: Manifest | undefined;
  const manifestOf = (): Manifest =>
    (manifest ??= buildManifest({ prepared, compiled, invocationId, tformVersion: tformVersion(), generatedAt }));
  const manifestPath = path.join(project.root, project.config.targetPath, "manifest.json");
  if (options.write !== false) {
    const metadata = manifestMetadata({
      invocationId,
      tformVersion: tformVersion(),
      generatedAt,
      projectName: project.config.name,
    });
    const incremental = cache && (await manifestText(prepared, compiled, cache, manifestPath, metadata));
    const text = incremental ? incremental.text : JSON.stringify(manifestOf());
    lap("manifest");
    await Promise.all([
      writing,
      writeArtifactFiles(project.root, [{ path: path.relative(project.root, manifestPath), content: text }]),
    ]);
    await incremental?.save();
  } else lap("manifest");
  lap("write");
  return {
    ...prepared,
    timings,
    invocationId,
    selected,
    compiled,
    manifestPath,
    files,
    reusedCompiled: reused.size,
    // built on first use: with partial parsing, manifest.json is written from pieces without building it whole
    get manifest() {
      return manifestOf();
    },
  };
}

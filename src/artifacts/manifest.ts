/**
 * target/manifest.json, shaped like dbt's (v12) so tools that read dbt manifests can read tform's:
 * nodes, sources, macros, parent_map, child_map. `metadata.tform_manifest_version` versions our shape.
 */
import type {
  ColumnSpec,
  MacroFile,
  ModelNode,
  Project,
  SeedNode,
  SnapshotNode,
  SourceTable,
  TestNode,
} from "../project/types.js";
import type { PreparedProject } from "../compile/prepare-project.js";
import type { CompiledNode } from "../render/types.js";

export const MANIFEST_VERSION = 1;
const DBT_SCHEMA_VERSION = "https://schemas.getdbt.com/dbt/manifest/v12.json";

export interface ManifestColumn {
  readonly name: string;
  readonly description: string;
  readonly data_type: string | null;
  readonly meta: Readonly<Record<string, unknown>>;
}

export interface ManifestNode {
  readonly unique_id: string;
  readonly resource_type: "model" | "seed" | "snapshot" | "test";
  readonly name: string;
  readonly package_name: string;
  readonly original_file_path: string;
  /** relative to the model/seed/test folder, as dbt's `path` */
  readonly path: string;
  readonly fqn: readonly string[];
  readonly language: "sql";
  readonly config: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly description: string;
  readonly columns: Readonly<Record<string, ManifestColumn>>;
  readonly depends_on: { readonly nodes: readonly string[]; readonly macros: readonly string[] };
  readonly database: string;
  readonly schema: string;
  readonly alias: string;
  readonly relation_name: string | null;
  readonly raw_code: string;
  readonly compiled: boolean;
  readonly compiled_code?: string;
  readonly compiled_path?: string;
  readonly column_name?: string;
  readonly attached_node?: string;
  readonly test_metadata?: {
    readonly name: string;
    readonly kwargs: Readonly<Record<string, unknown>>;
    readonly namespace: string | null;
  };
}

export interface ManifestSource {
  readonly unique_id: string;
  readonly resource_type: "source";
  readonly name: string;
  readonly source_name: string;
  readonly identifier: string;
  readonly package_name: string;
  readonly original_file_path: string;
  readonly path: string;
  readonly fqn: readonly string[];
  readonly database: string;
  readonly schema: string;
  readonly relation_name: string;
  readonly description: string;
  readonly columns: Readonly<Record<string, ManifestColumn>>;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly loaded_at_field: string | null;
}

export interface ManifestMacro {
  readonly unique_id: string;
  readonly name: string;
  readonly package_name: string;
  readonly original_file_path: string;
}

export interface Manifest {
  readonly metadata: {
    readonly dbt_schema_version: string;
    readonly tform_manifest_version: number;
    readonly tform_version: string;
    readonly generated_at: string;
    readonly invocation_id: string;
    readonly project_name: string;
    readonly adapter_type: "trino";
  };
  readonly nodes: Readonly<Record<string, ManifestNode>>;
  readonly sources: Readonly<Record<string, ManifestSource>>;
  readonly macros: Readonly<Record<string, ManifestMacro>>;
  readonly parent_map: Readonly<Record<string, readonly string[]>>;
  readonly child_map: Readonly<Record<string, readonly string[]>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function columns(specs: readonly ColumnSpec[]): Record<string, ManifestColumn> {
  const out: Record<string, ManifestColumn> = {};
  for (const c of specs)
    out[c.name] = {
      name: c.name,
      description: c.description ?? "",
      data_type: c.data_type ?? null,
      meta: c.meta ?? {},
    };
  return out;
}

function quoted(parts: readonly (string | undefined)[]): string {
  return parts
    .filter((p): p is string => p !== undefined && p !== "")
    .map((p) => `"${p.replace(/"/g, '""')}"`)
    .join(".");
}

function relativeToFolders(file: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const prefix = `${folder.replace(/\/+$/, "")}/`;
    if (file.startsWith(prefix)) return file.slice(prefix.length);
  }
  return file;
}

/** Macro names per file, read from `{% macro name(` / `{% test name(` / `{% materialization name,`. */
function macrosOf(files: readonly MacroFile[]): Record<string, ManifestMacro> {
  const out: Record<string, ManifestMacro> = {};
  for (const file of files) {
    for (const m of file.source.matchAll(/\{%-?\s*(macro|test|materialization)\s+([A-Za-z_]\w*)/g)) {
      const name = m[1] === "test" ? `test_${m[2]}` : m[1] === "materialization" ? `materialization_${m[2]}` : m[2]!;
      const uniqueId = `macro.${file.packageName}.${name}`;
      out[uniqueId] = {
        unique_id: uniqueId,
        name,
        package_name: file.packageName,
        original_file_path: file.relativePath,
      };
    }
  }
  return out;
}

function source(project: Project, s: SourceTable, fallbackDatabase: string): ManifestSource {
  const database = s.database ?? fallbackDatabase;
  return {
    unique_id: s.uniqueId,
    resource_type: "source",
    name: s.name,
    source_name: s.sourceName,
    identifier: s.identifier,
    package_name: project.config.name,
    original_file_path: s.originalFilePath,
    path: s.originalFilePath,
    fqn: s.fqn,
    database,
    schema: s.schema,
    relation_name: quoted([database, s.schema, s.identifier]),
    description: s.description,
    columns: columns(s.columns),
    meta: s.meta ?? {},
    loaded_at_field: s.loadedAtField ?? null,
  };
}

export interface ManifestInput {
  readonly prepared: Pick<PreparedProject, "project" | "target" | "parsed" | "graph">;
  readonly compiled?: ReadonlyMap<string, CompiledNode>;
  readonly invocationId: string;
  readonly tformVersion?: string;
  readonly generatedAt?: Date;
}

/** The manifest's metadata: the only part that changes when nothing else does. */
export function manifestMetadata(
  input: Pick<ManifestInput, "invocationId" | "tformVersion" | "generatedAt"> & { readonly projectName: string },
): Manifest["metadata"] {
  return {
    dbt_schema_version: DBT_SCHEMA_VERSION,
    tform_manifest_version: MANIFEST_VERSION,
    tform_version: input.tformVersion ?? "unknown",
    generated_at: (input.generatedAt ?? new Date()).toISOString(),
    invocation_id: input.invocationId,
    project_name: input.projectName,
    adapter_type: "trino",
  };
}

/** The nodes a manifest lists (enabled, parsed), in its order. */
export function manifestNodes(
  input: Pick<ManifestInput, "prepared">,
): (ModelNode | SeedNode | SnapshotNode | TestNode)[] {
  const { project, parsed } = input.prepared;
  return [...project.models, ...project.seeds, ...project.snapshots, ...project.tests].filter((n) =>
    parsed.nodes.has(n.uniqueId),
  );
}

/** One node's manifest entry. */
export function manifestNode(
  input: Pick<ManifestInput, "prepared" | "compiled">,
  node: ModelNode | SeedNode | SnapshotNode | TestNode,
): ManifestNode {
  const cfg = input.prepared.project.config;
  const p = input.prepared.parsed.nodes.get(node.uniqueId)!;
  const compiled = input.compiled?.get(node.uniqueId);
  const folders =
    node.resourceType === "model"
      ? cfg.modelPaths
      : node.resourceType === "seed"
        ? cfg.seedPaths
        : node.resourceType === "snapshot"
          ? [node.originalFilePath.split("/")[0]!]
          : cfg.testPaths;
  const entry: Mutable<ManifestNode> = {
    unique_id: node.uniqueId,
    resource_type: node.resourceType,
    name: node.name,
    package_name: node.packageName,
    original_file_path: node.originalFilePath,
    path: relativeToFolders(node.originalFilePath, folders),
    fqn: node.fqn,
    language: "sql",
    config: p.config,
    tags: p.config.tags ?? [],
    description: node.description,
    columns: columns(node.resourceType === "test" ? [] : node.columns),
    depends_on: { nodes: p.dependsOn, macros: p.dependsOnMacros },
    database: p.relation.database,
    schema: p.relation.schema,
    alias: p.relation.identifier,
    relation_name:
      p.config.materialized === "ephemeral" || node.resourceType === "test"
        ? null
        : quoted([p.relation.database, p.relation.schema, p.relation.identifier]),
    raw_code: "rawCode" in node ? node.rawCode : "",
    compiled: compiled !== undefined,
  };
  // optional fields assigned, not spread: spreading costs measurable time over 30k nodes
  if (compiled) {
    entry.compiled_code = compiled.compiledSql;
    entry.compiled_path = compiled.compiledPath;
  }
  if (node.resourceType === "test" && node.testKind === "generic") {
    if (node.columnName !== undefined) entry.column_name = node.columnName;
    entry.attached_node = node.attachedTo;
    entry.test_metadata = { name: node.testName, kwargs: node.kwargs, namespace: node.testNamespace ?? null };
  }
  return entry;
}

/** The sections after the nodes: sources, macros and the parent/child maps over every node. */
export function manifestTail(
  input: Pick<ManifestInput, "prepared">,
): Pick<Manifest, "sources" | "macros" | "parent_map" | "child_map"> {
  const { project, target, graph } = input.prepared;
  const sources: Record<string, ManifestSource> = {};
  for (const s of project.sources) sources[s.uniqueId] = source(project, s, target.catalog);
  const parentMap: Record<string, readonly string[]> = {};
  const childMap: Record<string, readonly string[]> = {};
  for (const id of graph.order) {
    parentMap[id] = graph.parents(id);
    childMap[id] = graph.children(id);
  }
  return { sources, macros: macrosOf(project.macros), parent_map: parentMap, child_map: childMap };
}

/**
 * manifest.json in pieces: head + `,"nodes":{` + `"id":entry` pieces joined by commas + `}` + tail is what
 * JSON.stringify(buildManifest(…)) writes, so unchanged pieces can be copied from an earlier file.
 */
export const manifestHeadJson = (metadata: Manifest["metadata"]): string => `{"metadata":${JSON.stringify(metadata)}`;
export const manifestEntryJson = (id: string, entry: ManifestNode): string =>
  `${JSON.stringify(id)}:${JSON.stringify(entry)}`;
export function manifestTailJson(input: Pick<ManifestInput, "prepared">): string {
  const t = manifestTail(input);
  return `,"sources":${JSON.stringify(t.sources)},"macros":${JSON.stringify(t.macros)},"parent_map":${JSON.stringify(t.parent_map)},"child_map":${JSON.stringify(t.child_map)}}`;
}

export function buildManifest(input: ManifestInput): Manifest {
  const nodes: Record<string, ManifestNode> = {};
  for (const node of manifestNodes(input)) nodes[node.uniqueId] = manifestNode(input, node);
  return {
    metadata: manifestMetadata({ ...input, projectName: input.prepared.project.config.name }),
    nodes,
    ...manifestTail(input),
  };
}

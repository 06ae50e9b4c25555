/** Model, seed and singular test nodes with their config: defaults < dbt_project.yml tree < properties YAML `config:`. */
import { join } from "node:path";
import { mergeLayer, validateLayer, type ConfigLayer } from "./config-layer.js";
import type { ConfigTree } from "./config-tree.js";
import type { ProjectSourceFile, TextFile } from "./project-files.js";
import { columnsOf, type NodePatch } from "./properties-file.js";
import type { ModelNode, NodeConfig, SeedNode, SingularTestNode } from "./types.js";

export interface NodeContext {
  readonly projectName: string;
  readonly root: string;
  readonly trees: { readonly models: ConfigTree; readonly seeds: ConfigTree; readonly tests: ConfigTree };
}

/** dbt's defaults; a model is a view unless configured otherwise. */
const defaults = (materialized: string): Record<string, unknown> => ({
  enabled: true,
  materialized,
  tags: [],
  pre_hook: [],
  post_hook: [],
});

export function patchLayer(patch: NodePatch | undefined): ConfigLayer[] {
  const raw = patch?.entry.config;
  if (!patch || !raw || typeof raw !== "object" || Array.isArray(raw)) return [];
  return [validateLayer(raw as Record<string, unknown>, (k) => patch.yaml.locate([...patch.path, "config", k]))];
}

export function effectiveConfig(materialized: string, layers: readonly ConfigLayer[]): NodeConfig {
  let config = defaults(materialized);
  for (const layer of layers) config = mergeLayer(config, layer);
  return config as unknown as NodeConfig;
}

const describe = (patch: NodePatch | undefined): string =>
  typeof patch?.entry.description === "string" ? patch.entry.description : "";
const located = (patch: NodePatch | undefined) => (patch ? { patchLocation: patch.yaml.locate(patch.path) } : {});

export function modelNode(file: TextFile, patch: NodePatch | undefined, ctx: NodeContext): ModelNode {
  const fqn = [ctx.projectName, ...file.folders, file.stem];
  return {
    uniqueId: `model.${ctx.projectName}.${file.stem}`,
    name: file.stem,
    resourceType: "model",
    packageName: ctx.projectName,
    originalFilePath: file.path,
    fqn,
    description: describe(patch),
    config: effectiveConfig("view", [...ctx.trees.models.layersFor(fqn), ...patchLayer(patch)]),
    rawCode: file.text,
    columns: patch ? columnsOf(patch.entry) : [],
    ...located(patch),
  };
}

export function seedNode(file: ProjectSourceFile, patch: NodePatch | undefined, ctx: NodeContext): SeedNode {
  const fqn = [ctx.projectName, ...file.folders, file.stem];
  return {
    uniqueId: `seed.${ctx.projectName}.${file.stem}`,
    name: file.stem,
    resourceType: "seed",
    packageName: ctx.projectName,
    originalFilePath: file.path,
    fqn,
    description: describe(patch),
    config: effectiveConfig("seed", [...ctx.trees.seeds.layersFor(fqn), ...patchLayer(patch)]),
    csvPath: join(ctx.root, file.path),
    columns: patch ? columnsOf(patch.entry) : [],
    ...located(patch),
  };
}

export function singularTestNode(file: TextFile, ctx: NodeContext): SingularTestNode {
  const fqn = [ctx.projectName, ...file.folders, file.stem];
  const config = effectiveConfig("test", ctx.trees.tests.layersFor(fqn)) as NodeConfig & Record<string, unknown>;
  return {
    uniqueId: `test.${ctx.projectName}.${file.stem}`,
    name: file.stem,
    resourceType: "test",
    testKind: "singular",
    packageName: ctx.projectName,
    originalFilePath: file.path,
    fqn,
    description: "",
    config: { ...config, severity: String(config.severity ?? "error").toLowerCase() as "error" | "warn" },
    rawCode: file.text,
  };
}

/**
 * dbt_project.yml config trees (`models:`, `seeds:`, `tests:`, `sources:`): nested dicts keyed by package name then
 * folders, with config at every level (`+materialized` or a plain known key). A node gets the layers along its fqn,
 * outermost first.
 */
import { CONFIG_KEYS, configKey, validateLayer, type ConfigLayer } from "./config-layer.js";
import type { YamlFile, YamlPath } from "./yaml-file.js";

/** Config keys whose value is itself a dict, so a dict value does not make them a folder. */
const DICT_CONFIGS = new Set([
  "meta",
  "docs",
  "persist_docs",
  "properties",
  "extra_properties",
  "column_types",
  "quoting",
  "grants",
  "contract",
  "freshness",
  "snapshot_meta_column_names",
]);

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function isConfigEntry(key: string, value: unknown): boolean {
  if (key.startsWith("+")) return true;
  const k = configKey(key);
  return CONFIG_KEYS.has(k) && (!isDict(value) || DICT_CONFIGS.has(k));
}

export class ConfigTree {
  private readonly cache = new WeakMap<object, ConfigLayer>();

  constructor(
    private readonly tree: unknown,
    private readonly basePath: YamlPath,
    private readonly yaml: YamlFile,
  ) {}

  /** The validated config layers that apply to a node with this fqn, outermost first. */
  layersFor(fqn: readonly string[]): ConfigLayer[] {
    const layers: ConfigLayer[] = [];
    let node = this.tree;
    const path: (string | number)[] = [...this.basePath];
    for (let i = 0; isDict(node); i++) {
      const layer = this.layerOf(node, path);
      if (Object.keys(layer).length > 0) layers.push(layer);
      const seg = fqn[i];
      if (seg === undefined) break;
      const child = node[seg];
      if (!isDict(child) || isConfigEntry(seg, child)) break;
      node = child;
      path.push(seg);
    }
    return layers;
  }

  private layerOf(node: Record<string, unknown>, path: readonly (string | number)[]): ConfigLayer {
    const cached = this.cache.get(node);
    if (cached) return cached;
    const raw = Object.fromEntries(Object.entries(node).filter(([k, v]) => isConfigEntry(k, v)));
    const layer = validateLayer(raw, (key) => this.yaml.locate([...path, key]));
    this.cache.set(node, layer);
    return layer;
  }
}

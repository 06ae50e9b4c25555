/**
 * Properties YAML (`version: 2` files): model, seed and snapshot patches, sources with their tables, and the generic test
 * declarations of all of them. Sections a transformation run does not use are ignored with a warning.
 */
import { ProjectError } from "../errors.js";
import type { ConfigTree } from "./config-tree.js";
import { validateLayer } from "./config-layer.js";
import { ProjectCode, ProjectWarning } from "./project-code.js";
import { sourceFreshness } from "./source-freshness.js";
import type { ColumnSpec, SourceTable, Warning } from "./types.js";
import type { YamlFile, YamlPath } from "./yaml-file.js";
import { hasJinja, renderYamlString, type YamlJinjaContext } from "./yaml-jinja.js";

export interface NodePatch {
  readonly name: string;
  readonly entry: Readonly<Record<string, unknown>>;
  readonly yaml: YamlFile;
  readonly path: YamlPath;
}

export type TestTarget =
  | { readonly kind: "model" | "seed" | "snapshot"; readonly name: string }
  | { readonly kind: "source"; readonly uniqueId: string; readonly sourceName: string; readonly tableName: string };

export interface TestSpec {
  readonly target: TestTarget;
  readonly columnName?: string;
  /** `unique`, `{accepted_values: {...}}`, `{test_name: ..., ...}` as written */
  readonly definition: unknown;
  readonly yaml: YamlFile;
  readonly path: YamlPath;
  /** folders of the YAML file below its resource path, for the test's fqn */
  readonly folders: readonly string[];
}

export interface PropertiesIndex {
  readonly models: Map<string, NodePatch>;
  readonly seeds: Map<string, NodePatch>;
  /** patches of SQL snapshots, and dbt 1.9's YAML snapshots (entries with a `relation:`) */
  readonly snapshots: Map<string, NodePatch>;
  readonly sources: SourceTable[];
  readonly tests: TestSpec[];
  /** `unit_tests:` entries as written, turned into nodes once the models are known */
  readonly unitTests: UnitTestSpec[];
}

export interface UnitTestSpec {
  readonly entry: Readonly<Record<string, unknown>>;
  readonly yaml: YamlFile;
  readonly path: YamlPath;
  /** folders of the YAML file below its resource path, for the unit test's fqn */
  readonly folders: readonly string[];
}

const IGNORED = new Set([
  "semantic_models",
  "metrics",
  "saved_queries",
  "exposures",
  "groups",
  "analyses",
  "functions",
]);
const TEST_KEYS = ["data_tests", "tests"] as const;

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export interface PropertiesContext {
  readonly projectName: string;
  readonly jinja: YamlJinjaContext;
  readonly sourcesTree: ConfigTree;
  readonly warnings: Warning[];
}

export function readPropertiesFile(
  yaml: YamlFile,
  folders: readonly string[],
  ctx: PropertiesContext,
  index: PropertiesIndex,
): void {
  const doc = yaml.value;
  if (doc === null || doc === undefined) return;
  if (!isDict(doc)) throw invalid(yaml, [], "a properties file must be a mapping (version: 2, models: …)");
  for (const [key, value] of Object.entries(doc)) {
    if (key === "version" || value === null) continue;
    if (key === "models" || key === "seeds" || key === "snapshots")
      collectPatches(yaml, key, value, ctx, index, folders);
    else if (key === "sources") collectSources(yaml, value, folders, ctx, index);
    else if (key === "unit_tests")
      listOf(yaml, [key], value).forEach((entry, i) => index.unitTests.push({ entry, yaml, path: [key, i], folders }));
    else if (key === "macros")
      continue; // macro docs only
    else if (IGNORED.has(key))
      ctx.warnings.push({
        code: ProjectWarning.ignoredSection,
        message: `'${key}:' in ${yaml.file} is not used by tform yet and is ignored.`,
        location: yaml.locate([key]),
      });
    else
      ctx.warnings.push({
        code: ProjectWarning.unknownKey,
        message: `Unknown top-level key '${key}' in ${yaml.file} is ignored.`,
        location: yaml.locate([key]),
      });
  }
}

function invalid(yaml: YamlFile, path: YamlPath, what: string): ProjectError {
  const loc = yaml.locate(path);
  return new ProjectError(
    ProjectCode.invalidProperties,
    `Invalid properties YAML in ${yaml.file}:${loc.line ?? "?"}: ${what}.`,
    {
      location: loc,
      hint: "See dbt's properties YAML reference: entries are lists of mappings with a name:.",
    },
  );
}

function listOf(yaml: YamlFile, path: YamlPath, value: unknown): Record<string, unknown>[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(yaml, path, `'${String(path[path.length - 1])}' must be a list`);
  return value.map((item, i) => {
    if (!isDict(item) || typeof item.name !== "string")
      throw invalid(yaml, [...path, i], "each entry needs a name: (a string)");
    return item;
  });
}

function collectPatches(
  yaml: YamlFile,
  key: "models" | "seeds" | "snapshots",
  value: unknown,
  ctx: PropertiesContext,
  index: PropertiesIndex,
  folders: readonly string[],
): void {
  const kind = key === "models" ? "model" : key === "seeds" ? "seed" : "snapshot";
  listOf(yaml, [key], value).forEach((entry, i) => {
    const name = entry.name as string;
    const path = [key, i];
    const earlier = index[key].get(name);
    if (earlier) {
      const loc = yaml.locate(path);
      throw new ProjectError(
        ProjectCode.invalidProperties,
        `The ${kind} '${name}' has properties in two places: ${earlier.yaml.file}:${earlier.yaml.locate(earlier.path).line ?? "?"} and ${yaml.file}:${loc.line ?? "?"}.`,
        {
          location: loc,
          hint: `Keep one entry for ${name} and merge the other into it.`,
        },
      );
    }
    index[key].set(name, { name, entry, yaml, path });
    collectTests(yaml, entry, path, { kind, name }, folders, index);
  });
}

function collectTests(
  yaml: YamlFile,
  entry: Record<string, unknown>,
  path: YamlPath,
  target: TestTarget,
  folders: readonly string[],
  index: PropertiesIndex,
): void {
  const add = (holder: Record<string, unknown>, holderPath: YamlPath, columnName?: string): void => {
    for (const k of TEST_KEYS) {
      const list = holder[k];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) throw invalid(yaml, [...holderPath, k], `'${k}' must be a list of tests`);
      list.forEach((definition, j) =>
        index.tests.push({ target, columnName, definition, yaml, path: [...holderPath, k, j], folders }),
      );
    }
  };
  add(entry, path);
  const columns = entry.columns;
  if (columns === undefined || columns === null) return;
  listOf(yaml, [...path, "columns"], columns).forEach((col, c) =>
    add(col, [...path, "columns", c], col.name as string),
  );
}

export function columnsOf(entry: Readonly<Record<string, unknown>>): ColumnSpec[] {
  const columns = Array.isArray(entry.columns) ? entry.columns : [];
  return columns.filter(isDict).map((c) => ({
    name: String(c.name),
    ...(typeof c.description === "string" ? { description: c.description } : {}),
    ...(typeof c.data_type === "string" ? { data_type: c.data_type } : {}),
    ...(isDict(c.meta) ? { meta: c.meta } : {}),
  }));
}

function collectSources(
  yaml: YamlFile,
  value: unknown,
  folders: readonly string[],
  ctx: PropertiesContext,
  index: PropertiesIndex,
): void {
  listOf(yaml, ["sources"], value).forEach((src, i) => {
    const sourceName = src.name as string;
    const path = ["sources", i];
    const render = (v: unknown, key: string, at: YamlPath = path): unknown =>
      typeof v === "string" && hasJinja(v) ? renderYamlString(v, ctx.jinja, yaml.locate([...at, key])) : v;
    const sourceConfig = isDict(src.config)
      ? validateLayer(src.config, (k) => yaml.locate([...path, "config", k]))
      : {};
    const database = render(src.database ?? src.catalog, "database");
    const schema = render(src.schema, "schema") ?? sourceName;
    listOf(yaml, [...path, "tables"], src.tables).forEach((table, t) => {
      const tablePath = [...path, "tables", t];
      const name = table.name as string;
      const fqn = [ctx.projectName, ...folders, sourceName, name];
      const tableConfig = isDict(table.config)
        ? validateLayer(table.config, (k) => yaml.locate([...tablePath, "config", k]))
        : {};
      const enabled = [...ctx.sourcesTree.layersFor(fqn), sourceConfig, tableConfig].reduce<boolean>(
        (on, layer) => (typeof layer.enabled === "boolean" ? layer.enabled : on),
        true,
      );
      if (!enabled) return;
      const uniqueId = `source.${ctx.projectName}.${sourceName}.${name}`;
      const meta = { ...(isDict(src.meta) ? src.meta : {}), ...(isDict(table.meta) ? table.meta : {}) };
      index.sources.push({
        uniqueId,
        resourceType: "source",
        sourceName,
        name,
        identifier: String(render(table.identifier, "identifier", tablePath) ?? name),
        schema: String(schema),
        ...(database === undefined || database === null ? {} : { database: String(database) }),
        description: typeof table.description === "string" ? table.description : "",
        columns: columnsOf(table),
        originalFilePath: yaml.file,
        location: yaml.locate(tablePath),
        fqn,
        ...(Object.keys(meta).length ? { meta } : {}),
        ...sourceFreshness({
          source: src,
          table,
          sourceConfig,
          tableConfig,
          projectLayers: ctx.sourcesTree.layersFor(fqn),
          locateSource: (k) => yaml.locate([...path, ...k]),
          locateTable: (k) => yaml.locate([...tablePath, ...k]),
        }),
      });
      collectTests(yaml, table, tablePath, { kind: "source", uniqueId, sourceName, tableName: name }, folders, index);
    });
  });
}

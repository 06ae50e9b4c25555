/**
 * dbt 1.8+ `unit_tests:` entries → UnitTestNodes: the tested model, `given` inputs (ref, source or `this`) and
 * `expect` rows in dbt's formats (dict, csv inline or from a fixture file, sql), `overrides` and `config`.
 * Validated as dbt's unit test parser does, with the line of the offending key.
 */
import { parse } from "csv-parse/sync";
import { ProjectError } from "../errors.js";
import { mergeLayer, validateLayer } from "./config-layer.js";
import type { ConfigTree } from "./config-tree.js";
import { ProjectCode } from "./project-code.js";
import type { TextFile } from "./project-files.js";
import type { UnitTestSpec } from "./properties-file.js";
import type {
  ModelNode,
  NodeConfig,
  SeedNode,
  SnapshotNode,
  SourceTable,
  UnitTestInputTarget,
  UnitTestNode,
  UnitTestRows,
} from "./types.js";
import type { YamlPath } from "./yaml-file.js";

export interface UnitTestContext {
  readonly projectName: string;
  readonly tree: ConfigTree;
  /** enabled and disabled models: a unit test of a disabled model is disabled with it */
  readonly models: readonly ModelNode[];
  readonly refTargets: readonly (ModelNode | SeedNode | SnapshotNode)[];
  readonly sources: readonly SourceTable[];
  readonly fixtures: readonly TextFile[];
  /** a seed's CSV text: a `given` for a seed without rows reads the seed file, as dbt */
  readonly readSeed: (seed: SeedNode) => Promise<string>;
}

const FORMATS = new Set(["dict", "csv", "sql"]);
const STRING = String.raw`(?:'([^']*)'|"([^"]*)")`;
const REF = new RegExp(String.raw`^ref\(\s*${STRING}\s*(?:,\s*${STRING}\s*)?(?:,\s*v(?:ersion)?\s*=\s*[^)]*)?\)$`);
const SOURCE = new RegExp(String.raw`^source\(\s*${STRING}\s*,\s*${STRING}\s*\)$`);

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export async function unitTestNodes(specs: readonly UnitTestSpec[], ctx: UnitTestContext): Promise<UnitTestNode[]> {
  const out: UnitTestNode[] = [];
  const seen = new Map<string, UnitTestSpec>();
  for (const spec of specs) {
    const node = await unitTestNode(spec, ctx);
    if (!node) continue;
    const earlier = seen.get(node.uniqueId);
    if (earlier)
      throw fail(
        spec,
        [],
        `the model ${node.model.split(".").pop()} has two unit tests named '${node.name}' (the other one is in ${earlier.yaml.file}:${earlier.yaml.locate(earlier.path).line ?? "?"})`,
        "Give each unit test of a model its own name.",
        ProjectCode.duplicateUnitTest,
      );
    seen.set(node.uniqueId, spec);
    out.push(node);
  }
  return out;
}

function fail(
  spec: UnitTestSpec,
  at: YamlPath,
  what: string,
  hint: string,
  code: string = ProjectCode.invalidUnitTest,
) {
  const loc = spec.yaml.locate([...spec.path, ...at]);
  const name = typeof spec.entry.name === "string" ? ` '${spec.entry.name}'` : "";
  return new ProjectError(code, `Invalid unit test${name} in ${spec.yaml.file}:${loc.line ?? "?"}: ${what}.`, {
    location: loc,
    hint,
  });
}

/** undefined: the unit test or its model is disabled */
async function unitTestNode(spec: UnitTestSpec, ctx: UnitTestContext): Promise<UnitTestNode | undefined> {
  const { entry } = spec;
  const name = entry.name as string;
  if (typeof entry.model !== "string" || entry.model.trim() === "")
    throw fail(spec, [], "it needs a model: (the name of the model it tests)", "Add `model: <model name>`.");
  const modelName = entry.model.trim().split(/\s+/)[0]!;
  const model = ctx.models.find((m) => m.name === modelName);
  if (!model)
    throw fail(
      spec,
      ["model"],
      `the model '${modelName}' does not exist`,
      "Name a model of the project (its file name without .sql).",
      ProjectCode.unitTestUnknownModel,
    );
  const fqn = [ctx.projectName, ...spec.folders, model.name, name];
  const own = isDict(entry.config)
    ? validateLayer(entry.config, (k) => spec.yaml.locate([...spec.path, "config", k]))
    : {};
  let config: Record<string, unknown> = { enabled: true, materialized: "unit", tags: [], pre_hook: [], post_hook: [] };
  for (const layer of [...ctx.tree.layersFor(fqn), own]) config = mergeLayer(config, layer);
  if (config.enabled === false || model.config.enabled === false) return undefined;

  if (!Array.isArray(entry.given))
    throw fail(
      spec,
      ["given"],
      "given: must be a list of inputs",
      "List each input the model reads: `given: [{input: ref('x'), rows: [...]}]`.",
    );
  const given = [];
  for (const [i, item] of entry.given.entries()) {
    const at = ["given", i];
    if (!isDict(item) || typeof item.input !== "string")
      throw fail(
        spec,
        at,
        "each given entry needs an input: (ref(…), source(…) or this)",
        "Write `- input: ref('x')`.",
      );
    const target = inputTarget(item.input.trim(), spec, at, ctx);
    const rows =
      item.rows === undefined && item.fixture === undefined && (item.format ?? "dict") === "dict"
        ? await seedRows(target, spec, at, ctx)
        : rowsOf(item, spec, at, ctx, "given");
    given.push({ input: item.input.trim(), target, rows, location: spec.yaml.locate([...spec.path, ...at]) });
  }
  if (!isDict(entry.expect))
    throw fail(spec, ["expect"], "it needs expect: (the rows the model should return)", "Add `expect: {rows: [...]}`.");
  const overrides = isDict(entry.overrides) ? entry.overrides : {};
  const dictAt = (key: string): Record<string, unknown> => {
    const v = overrides[key];
    if (v === undefined || v === null) return {};
    if (!isDict(v))
      throw fail(spec, ["overrides", key], `overrides.${key} must be a mapping`, `Write \`${key}: {name: value}\`.`);
    return v;
  };
  return {
    uniqueId: `unit_test.${ctx.projectName}.${model.name}.${name}`,
    name,
    resourceType: "unit_test",
    packageName: ctx.projectName,
    originalFilePath: spec.yaml.file,
    fqn,
    description: typeof entry.description === "string" ? entry.description : "",
    config: config as unknown as NodeConfig,
    model: model.uniqueId,
    given,
    expect: rowsOf(entry.expect, spec, ["expect"], ctx, "expect"),
    overrides: {
      vars: dictAt("vars"),
      macros: dictAt("macros"),
      envVars: Object.fromEntries(Object.entries(dictAt("env_vars")).map(([k, v]) => [k, String(v)])),
    },
    location: spec.yaml.locate(spec.path),
  };
}

function inputTarget(input: string, spec: UnitTestSpec, at: YamlPath, ctx: UnitTestContext): UnitTestInputTarget {
  if (input === "this") return { kind: "this" };
  const ref = REF.exec(input);
  if (ref) {
    const first = ref[1] ?? ref[2]!;
    const second = ref[3] ?? ref[4];
    const [pkg, name] = second === undefined ? [undefined, first] : [first, second];
    if (!ctx.refTargets.some((n) => n.name === name && (pkg === undefined || n.packageName === pkg)))
      throw fail(
        spec,
        [...at, "input"],
        `${input} does not match any model, seed or snapshot`,
        "Give an input for each ref() of the model, by the name it is ref'd with.",
        ProjectCode.unitTestBadInput,
      );
    return { kind: "ref", name, ...(pkg === undefined ? {} : { package: pkg }) };
  }
  const source = SOURCE.exec(input);
  if (source) {
    const sourceName = source[1] ?? source[2]!;
    const tableName = source[3] ?? source[4]!;
    if (!ctx.sources.some((s) => s.sourceName === sourceName && s.name === tableName))
      throw fail(
        spec,
        [...at, "input"],
        `${input} is not a declared source table`,
        "Declare the source in a properties YAML (sources:), or fix the name.",
        ProjectCode.unitTestBadInput,
      );
    return { kind: "source", sourceName, tableName };
  }
  throw fail(
    spec,
    [...at, "input"],
    `input '${input}' is not ref('…'), source('…', '…') or this`,
    "Write the input as the model calls it: ref('name'), source('source', 'table'), or this for an incremental model's own table.",
    ProjectCode.unitTestBadInput,
  );
}

/** dbt reads a seed's own rows when its given entry has none */
async function seedRows(
  target: UnitTestInputTarget,
  spec: UnitTestSpec,
  at: YamlPath,
  ctx: UnitTestContext,
): Promise<UnitTestRows> {
  const seed =
    target.kind === "ref"
      ? ctx.refTargets.find((n): n is SeedNode => n.resourceType === "seed" && n.name === target.name)
      : undefined;
  if (!seed)
    throw fail(
      spec,
      at,
      "this given entry has no rows: (only a seed's rows can be left out, they are read from its CSV file)",
      "Add `rows: [...]`, `rows: |` CSV text with format: csv, or `fixture: <file>`.",
    );
  return { format: "csv", rows: csvRows(await ctx.readSeed(seed)) };
}

function rowsOf(
  holder: Record<string, unknown>,
  spec: UnitTestSpec,
  at: YamlPath,
  ctx: UnitTestContext,
  what: "given" | "expect",
): UnitTestRows {
  const format = (holder.format ?? "dict") as "dict" | "csv" | "sql";
  if (typeof format !== "string" || !FORMATS.has(format))
    throw fail(
      spec,
      [...at, "format"],
      `format '${String(format)}' is not dict, csv or sql`,
      "Use format: dict (the default), csv or sql.",
    );
  const fixture = holder.fixture;
  if (fixture !== undefined && format === "dict")
    throw fail(
      spec,
      [...at, "fixture"],
      "a fixture file needs format: csv or sql",
      "Add `format: csv` (or sql) beside fixture:.",
    );
  if (fixture !== undefined && typeof fixture !== "string")
    throw fail(
      spec,
      [...at, "fixture"],
      "fixture: must be a file name",
      "Write `fixture: my_fixture` for tests/fixtures/my_fixture.csv.",
    );
  const text = fixture === undefined ? holder.rows : fixtureText(fixture, format, spec, [...at, "fixture"], ctx);
  if (format === "dict") {
    if (!Array.isArray(text) || !text.every(isDict))
      throw fail(
        spec,
        [...at, "rows"],
        `the ${what} rows do not match format dict (a list of mappings)`,
        "Write rows as `- {id: 1, name: a}`, or set format: csv / sql for text rows.",
      );
    return { format, rows: text };
  }
  if (typeof text !== "string")
    throw fail(
      spec,
      [...at, "rows"],
      `the ${what} rows do not match format ${format}: expected a string`,
      format === "csv" ? "Write the CSV under `rows: |` (a header line first)." : "Write the SELECT under `rows: |`.",
    );
  if (format === "sql") return { format, sql: text };
  try {
    return { format, rows: csvRows(text) };
  } catch (e) {
    throw fail(
      spec,
      [...at, "rows"],
      `the CSV rows cannot be read: ${(e as Error).message}`,
      "Check the CSV: a header line, then one line per row.",
    );
  }
}

function fixtureText(name: string, format: string, spec: UnitTestSpec, at: YamlPath, ctx: UnitTestContext): string {
  const ext = format === "csv" ? ".csv" : ".sql";
  const file = ctx.fixtures.find((f) => f.stem === name && f.path.endsWith(ext));
  if (!file)
    throw fail(
      spec,
      at,
      `no fixture file '${name}${ext}' under the test paths' fixtures/ folders`,
      `Create tests/fixtures/${name}${ext} (or fix the name).`,
      ProjectCode.unitTestFixtureMissing,
    );
  return file.text;
}

/** CSV text → rows of strings; empty values are null, as dbt's parser makes them */
function csvRows(text: string): Record<string, unknown>[] {
  const rows = parse(text.trim(), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === "" ? null : v])));
}

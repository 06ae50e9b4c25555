/** A generic test declaration in properties YAML → GenericTestNode, in every form dbt accepts. */
import { ProjectError } from "../errors.js";
import { mergeLayer, validateLayer } from "./config-layer.js";
import type { ConfigTree } from "./config-tree.js";
import { ProjectCode } from "./project-code.js";
import type { TestSpec } from "./properties-file.js";
import { genericTestNames, shortHash } from "./test-name.js";
import type { GenericTestNode, NodeConfig } from "./types.js";
import { hasJinja, renderYamlString, type YamlJinjaContext } from "./yaml-jinja.js";

/** Keys of a test entry that are config, not macro arguments (dbt's TestBuilder.CONFIG_ARGS). */
const CONFIG_ARGS = new Set([
  "severity",
  "tags",
  "enabled",
  "where",
  "limit",
  "warn_if",
  "error_if",
  "fail_calc",
  "store_failures",
  "store_failures_as",
  "meta",
  "database",
  "schema",
  "alias",
]);
/** Keys of a test entry that are neither config nor macro arguments. */
const ENTRY_KEYS = new Set(["config", "arguments", "name", "description"]);
/** Config values rendered while loading; `where`, `warn_if`, `error_if` may use ref() and are rendered by render/. */
const RENDERED_NOW = new Set(["enabled", "severity", "limit", "store_failures"]);
const TEST_NAME = /^(?:([A-Za-z_][0-9A-Za-z_]*)\.)?([A-Za-z_][0-9A-Za-z_]*)$/;

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export interface GenericTestContext {
  readonly projectName: string;
  readonly testsTree: ConfigTree;
  readonly jinja: YamlJinjaContext;
}

export function genericTestNode(
  spec: TestSpec,
  attachedTo: string,
  targetName: string,
  ctx: GenericTestContext,
): GenericTestNode {
  const { yaml, path } = spec;
  const fail = (what: string): ProjectError => {
    const loc = yaml.locate(path);
    return new ProjectError(
      ProjectCode.invalidProperties,
      `Invalid test in ${yaml.file}:${loc.line ?? "?"}: ${what}.`,
      {
        location: loc,
        hint: "Write a test as `- unique`, `- accepted_values: {values: [...]}` or `- name: {arguments: {...}, config: {...}}`.",
      },
    );
  };
  let rawName: unknown;
  let rawArgs: unknown;
  if (typeof spec.definition === "string") [rawName, rawArgs] = [spec.definition, {}];
  else if (isDict(spec.definition) && "test_name" in spec.definition) {
    const { test_name, ...rest } = spec.definition;
    [rawName, rawArgs] = [test_name, rest];
  } else if (isDict(spec.definition) && Object.keys(spec.definition).length === 1)
    [[rawName, rawArgs]] = Object.entries(spec.definition) as [[string, unknown]];
  else throw fail("a test entry must be a name or a mapping with exactly one test name");
  const match = typeof rawName === "string" ? TEST_NAME.exec(rawName) : null;
  if (!match) throw fail(`'${String(rawName)}' is not a test name`);
  if (rawArgs === null || rawArgs === undefined) rawArgs = {};
  if (!isDict(rawArgs)) throw fail(`the arguments of ${rawName as string} must be a mapping`);
  const [, namespace, name] = match as unknown as [string, string | undefined, string];

  // one pass, no `delete`: deleting keys turns objects into slow dictionaries (30k tests in a large project)
  const rawConfig: Record<string, unknown> = isDict(rawArgs.config) ? { ...rawArgs.config } : {};
  const topLevel: Record<string, unknown> = {};
  let nestedArgs: Record<string, unknown> = {};
  for (const key in rawArgs) {
    const v = rawArgs[key];
    if (CONFIG_ARGS.has(key)) rawConfig[key] = v;
    else if (key === "arguments") nestedArgs = isDict(v) ? v : {};
    else if (!ENTRY_KEYS.has(key)) topLevel[key] = v;
  }
  const customName = typeof rawArgs.name === "string" ? rawArgs.name : undefined;
  const merged = { ...topLevel, ...nestedArgs };
  const columnName = spec.columnName ?? (typeof merged.column_name === "string" ? merged.column_name : undefined);
  const kwargs: Record<string, unknown> = {};
  for (const key in merged) if (key !== "column_name") kwargs[key] = merged[key];

  const testType = `${namespace ? `${namespace}_` : ""}${spec.target.kind === "source" ? "source_" : ""}${name}`;
  const names = customName
    ? { full: customName, short: customName }
    : genericTestNames(
        testType,
        targetName,
        columnName === undefined ? kwargs : { ...kwargs, column_name: columnName },
      );
  const fqn = [ctx.projectName, ...spec.folders, names.full];

  const configPath = isDict(rawArgs.config) ? [...path, rawName as string, "config"] : [...path, rawName as string];
  for (const [k, v] of Object.entries(rawConfig))
    if (RENDERED_NOW.has(k) && typeof v === "string" && hasJinja(v))
      rawConfig[k] = renderYamlString(v, ctx.jinja, yaml.locate([...configPath, k]));
  const own = validateLayer(rawConfig, (k) => yaml.locate([...configPath, k]));
  let config: Record<string, unknown> = {
    enabled: true,
    materialized: "test",
    severity: "error",
    tags: [],
    pre_hook: [],
    post_hook: [],
  };
  for (const layer of [...ctx.testsTree.layersFor(fqn), own]) config = mergeLayer(config, layer);
  config.severity = String(config.severity).toLowerCase();
  if (names.short !== names.full && config.alias === undefined) config.alias = names.short;

  return {
    uniqueId: `test.${ctx.projectName}.${names.full}.${shortHash(`${yaml.file}\n${attachedTo}\n${columnName ?? ""}\n${JSON.stringify(spec.definition)}`)}`,
    name: names.full,
    resourceType: "test",
    testKind: "generic",
    testName: namespace ? `${namespace}.${name}` : name,
    ...(namespace ? { testNamespace: namespace } : {}),
    packageName: ctx.projectName,
    originalFilePath: yaml.file,
    fqn,
    description: typeof rawArgs.description === "string" ? rawArgs.description : "",
    config: config as unknown as NodeConfig,
    kwargs,
    ...(columnName === undefined ? {} : { columnName }),
    attachedTo,
    location: yaml.locate(path),
  };
}

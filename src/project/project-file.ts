/** Reads dbt_project.yml: names, paths (old spellings too), vars, config trees, hooks, quoting; Jinja rendered. */
import { join } from "node:path";
import { z } from "zod";
import { ProjectError } from "../errors.js";
import { ConfigTree } from "./config-tree.js";
import { checkDbtVersion } from "./dbt-version.js";
import { ProjectCode, ProjectWarning } from "./project-code.js";
import { nodeProjectFs, type ProjectFs } from "./project-fs.js";
import type { TargetView } from "./target-view.js";
import type { ProjectConfig, Warning } from "./types.js";
import { parseYamlFile, type YamlFile } from "./yaml-file.js";
import { renderYamlTree } from "./yaml-jinja.js";

export interface ProjectFile {
  readonly config: ProjectConfig;
  readonly yaml: YamlFile;
  readonly analysisPaths: readonly string[];
  readonly snapshotPaths: readonly string[];
  readonly trees: {
    readonly models: ConfigTree;
    readonly seeds: ConfigTree;
    readonly tests: ConfigTree;
    readonly sources: ConfigTree;
    readonly snapshots: ConfigTree;
    /** `unit_tests:` configs (enabled, tags, meta) by the unit tests' fqn */
    readonly unitTests: ConfigTree;
  };
}

/** Keys dbt knows in dbt_project.yml; anything else is ignored with a warning. */
const KNOWN_KEYS = new Set([
  "name",
  "version",
  "config-version",
  "profile",
  "model-paths",
  "source-paths",
  "seed-paths",
  "data-paths",
  "macro-paths",
  "test-paths",
  "docs-paths",
  "analysis-paths",
  "snapshot-paths",
  "asset-paths",
  "function-paths",
  "target-path",
  "log-path",
  "packages-install-path",
  "modules-path",
  "clean-targets",
  "vars",
  "models",
  "seeds",
  "tests",
  "data_tests",
  "sources",
  "snapshots",
  "analyses",
  "on-run-start",
  "on-run-end",
  "require-dbt-version",
  "quoting",
  "query-comment",
  "dispatch",
  "flags",
  "restrict-access",
  "metrics",
  "semantic-models",
  "saved-queries",
  "exposures",
  "unit_tests",
  "dbt-cloud",
  "functions",
]);

/** Rendered later (at run time, with the node in context), never while loading. */
const DEFERRED_KEYS = new Set([
  "vars",
  "on-run-start",
  "on-run-end",
  "pre-hook",
  "post-hook",
  "+pre-hook",
  "+post-hook",
  "pre_hook",
  "post_hook",
  "+pre_hook",
  "+post_hook",
]);

// a list, as dbt requires (dbt refuses `model-paths: models`: "is not valid under any of the given schemas")
const paths = z.array(z.string(), { error: "must be a list of folders, e.g. ['models']" });
/** models:, seeds:, … : a tree of folder and project names to configs, never a list */
const tree = z.record(z.string(), z.unknown(), { error: "must be a mapping of project and folder names to configs" });
const hooks = z.union([z.string().transform((s) => [s]), z.array(z.string())]);
const ProjectFileSchema = z.looseObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid identifier (letters, digits, underscores)"),
  // dbt 1.x reads config-version 2 only ("Got an unexpected project version=1, expected 2")
  "config-version": z.literal(2, { error: "must be 2, the only version dbt 1.x reads" }).optional(),
  version: z.union([z.string(), z.number()]).optional(),
  profile: z.string().optional(),
  "model-paths": paths.optional(),
  "source-paths": paths.optional(),
  "seed-paths": paths.optional(),
  "data-paths": paths.optional(),
  "macro-paths": paths.optional(),
  "test-paths": paths.optional(),
  "docs-paths": paths.optional(),
  "analysis-paths": paths.optional(),
  "snapshot-paths": paths.optional(),
  "target-path": z.string().optional(),
  vars: z.record(z.string(), z.unknown()).nullable().optional(),
  "on-run-start": hooks.nullable().optional(),
  "on-run-end": hooks.nullable().optional(),
  quoting: z.record(z.string(), z.boolean()).optional(),
  dispatch: z.array(z.object({ macro_namespace: z.string(), search_order: z.array(z.string()) })).optional(),
  models: tree.nullable().optional(),
  seeds: tree.nullable().optional(),
  snapshots: tree.nullable().optional(),
  sources: tree.nullable().optional(),
  tests: tree.nullable().optional(),
  data_tests: tree.nullable().optional(),
  unit_tests: tree.nullable().optional(),
});

/**
 * Path keys in the order of precedence (new name, old name), dbt's default folder, and the folder names that may be
 * listed without existing (dbt's project templates list them; a missing analyses or snapshots folder holds nothing, so any goes).
 */
const PATH_KEYS = {
  model: { keys: ["model-paths", "source-paths"], default: "models", optional: ["models"] },
  seed: { keys: ["seed-paths", "data-paths"], default: "seeds", optional: ["seeds", "data"] },
  macro: { keys: ["macro-paths"], default: "macros", optional: ["macros"] },
  test: { keys: ["test-paths"], default: "tests", optional: ["tests"] },
  analysis: { keys: ["analysis-paths"], default: "analyses", optional: "any" },
  snapshot: { keys: ["snapshot-paths"], default: "snapshots", optional: "any" },
} as const;

export interface ReadProjectFileOptions {
  readonly root: string;
  readonly fs: ProjectFs;
  readonly cliVars: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  readonly target?: TargetView;
  readonly warnings: Warning[];
}

export async function readProjectFile(o: ReadProjectFileOptions): Promise<ProjectFile> {
  const file = "dbt_project.yml";
  if ((await o.fs.kind(join(o.root, file))) !== "file") {
    throw new ProjectError(
      ProjectCode.noProjectFile,
      `No dbt_project.yml in ${o.root}: this is not a dbt project folder.`,
      {
        hint: "Run tform in the folder that holds dbt_project.yml, or pass --project-dir PATH.",
      },
    );
  }
  const yaml = parseYamlFile(await o.fs.readFile(join(o.root, file)), file, o.warnings);
  if (!yaml.value || typeof yaml.value !== "object" || Array.isArray(yaml.value)) {
    throw new ProjectError(
      ProjectCode.invalidProjectFile,
      "dbt_project.yml must be a mapping of keys (name:, profile:, model-paths: …).",
      { location: { file, line: 1 }, hint: "Start from `name: my_project` and `profile: my_profile`." },
    );
  }
  const raw = yaml.value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key))
      o.warnings.push({
        code: ProjectWarning.unknownKey,
        message: `Unknown key '${key}' in dbt_project.yml is ignored.`,
        location: yaml.locate([key]),
      });
  }
  const globalVars = raw.vars && typeof raw.vars === "object" ? (raw.vars as Record<string, unknown>) : {};
  const rendered = renderYamlTree(
    raw,
    { cliVars: o.cliVars, projectVars: globalVars, env: o.env, target: o.target },
    (p) => yaml.locate(p),
    DEFERRED_KEYS,
  ) as Record<string, unknown>;
  const parsed = ProjectFileSchema.safeParse(rendered);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const loc = yaml.locate(issue.path as (string | number)[]);
    const key = issue.path.join(".");
    throw new ProjectError(
      ProjectCode.invalidProjectFile,
      `Invalid '${key}' in dbt_project.yml:${loc.line ?? "?"}: ${issue.message}.`,
      {
        location: loc,
        hint:
          key === "name"
            ? "Give the project a name: `name: my_project`."
            : `Fix the value of ${key} (see dbt's dbt_project.yml reference).`,
      },
    );
  }
  const p = parsed.data;
  if (raw["require-dbt-version"] !== undefined) {
    const warning = checkDbtVersion(raw["require-dbt-version"], yaml.locate(["require-dbt-version"]));
    if (warning) o.warnings.push(warning);
  }

  const resolved = {} as Record<keyof typeof PATH_KEYS, string[]>;
  for (const [kind, spec] of Object.entries(PATH_KEYS) as [
    keyof typeof PATH_KEYS,
    (typeof PATH_KEYS)[keyof typeof PATH_KEYS],
  ][]) {
    const key = spec.keys.find((k) => p[k as keyof typeof p] !== undefined);
    const list = key ? (p[key as keyof typeof p] as string[]) : [spec.default];
    resolved[kind] = list.map((s) => s.replace(/\/+$/, ""));
    if (key && spec.optional !== "any") await checkPaths(o, yaml, key, resolved[kind], spec.optional);
  }
  const docsPaths = p["docs-paths"] ? p["docs-paths"].map((s) => s.replace(/\/+$/, "")) : [];
  if (p["docs-paths"]) await checkPaths(o, yaml, "docs-paths", docsPaths, []);

  const config: ProjectConfig = {
    name: p.name,
    version: p.version === undefined ? undefined : String(p.version),
    profile: p.profile ?? p.name,
    modelPaths: resolved.model,
    seedPaths: resolved.seed,
    macroPaths: resolved.macro,
    testPaths: resolved.test,
    docsPaths,
    targetPath: p["target-path"] ?? "target",
    vars: globalVars,
    onRunStart: p["on-run-start"] ?? [],
    onRunEnd: p["on-run-end"] ?? [],
    quoting: p.quoting,
    dispatch: p.dispatch?.map((d) => ({ macroNamespace: d.macro_namespace, searchOrder: d.search_order })),
  };
  const configTree = (key: string): ConfigTree => new ConfigTree(rendered[key] ?? {}, [key], yaml);
  return {
    config,
    yaml,
    analysisPaths: resolved.analysis,
    snapshotPaths: resolved.snapshot,
    trees: {
      models: configTree("models"),
      seeds: configTree("seeds"),
      tests: configTree(rendered.data_tests !== undefined ? "data_tests" : "tests"),
      sources: configTree("sources"),
      snapshots: configTree("snapshots"),
      unitTests: configTree("unit_tests"),
    },
  };
}

/** A configured folder that is missing is an error, except dbt's default names, which projects often list without having. */
async function checkPaths(
  o: ReadProjectFileOptions,
  yaml: YamlFile,
  key: string,
  list: readonly string[],
  optional: readonly string[],
): Promise<void> {
  const kinds = await Promise.all(list.map((d) => o.fs.kind(join(o.root, d))));
  kinds.forEach((kind, i) => {
    const dir = list[i]!;
    if (kind === "dir" || (kind === undefined && optional.includes(dir))) return;
    const loc = yaml.locate(Array.isArray((yaml.value as Record<string, unknown>)[key]) ? [key, i] : [key]);
    throw new ProjectError(
      ProjectCode.missingPath,
      `${key} in dbt_project.yml:${loc.line ?? "?"} names '${dir}', which ${kind === "file" ? "is a file, not a folder" : "does not exist"} in ${o.root}.`,
      {
        location: loc,
        hint: `Create the folder ${dir}/ or fix the path in ${key} (paths are relative to the project folder).`,
      },
    );
  });
}

/**
 * The profile dbt_project.yml names, read before the profile's target is known (dbt reads `profile:` first too);
 * the project is read again with `target` once the profile is loaded.
 */
export async function projectProfileName(
  root: string,
  cliVars: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv = process.env,
  fs: ProjectFs = nodeProjectFs,
): Promise<string> {
  return (await readProjectFile({ root, fs, cliVars, env, warnings: [] })).config.profile;
}

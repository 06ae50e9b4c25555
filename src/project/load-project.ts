/**
 * loadProject: a dbt project folder → Project (plain data). Reads dbt_project.yml, every model, properties YAML,
 * seed, snapshot, singular test, macro and docs block; applies config precedence (project tree < properties YAML; config()
 * in SQL is applied later by render/). Defaults as dbt: models are views, seeds `seed`, tests `test`.
 */
import { join, resolve } from "node:path";
import { ProjectError } from "../errors.js";
import { docBlocks } from "./doc-blocks.js";
import { genericTestNode } from "./generic-test-node.js";
import { loadMacroFiles } from "./macro-files.js";
import { packagesInstallPath } from "./package-paths.js";
import { modelNode, seedNode, singularTestNode, type NodeContext } from "./project-nodes.js";
import { ProjectCode, ProjectWarning } from "./project-code.js";
import { readProjectFile } from "./project-file.js";
import { readProjectFiles } from "./project-files.js";
import { nodeProjectFs, type ProjectFs } from "./project-fs.js";
import { readPropertiesFile, type PropertiesIndex } from "./properties-file.js";
import { snapshotNodes } from "./snapshot-nodes.js";
import { unitTestNodes } from "./unit-test-nodes.js";
import type { GenericTestNode, ModelNode, Project, SeedNode, SnapshotNode, TestNode, Warning } from "./types.js";
import { parseYamlFile } from "./yaml-file.js";
import { unactedProjectKeys, unactedPropertiesKeys } from "./unacted-config.js";
import type { YamlJinjaContext } from "./yaml-jinja.js";
import type { TargetView } from "./target-view.js";

export interface LoadProjectOptions {
  readonly projectDir: string;
  /** --vars from the CLI: win over dbt_project.yml vars */
  readonly vars?: Record<string, unknown>;
  readonly fs?: ProjectFs;
  /** dbt's `target` while rendering Jinja in dbt_project.yml and YAML (optional; `{name: ""}` when unknown) */
  readonly target?: TargetView;
  readonly env?: NodeJS.ProcessEnv;
}

export async function loadProject(options: LoadProjectOptions): Promise<Project> {
  const fs = options.fs ?? nodeProjectFs;
  const root = resolve(options.projectDir);
  const warnings: Warning[] = [];
  const cliVars = options.vars ?? {};
  const env = options.env ?? process.env;
  const pf = await readProjectFile({ root, fs, cliVars, env, target: options.target, warnings });
  const projectName = pf.config.name;
  const jinja: YamlJinjaContext = { cliVars, projectVars: pf.config.vars, env, target: options.target };

  const [files, macros] = await Promise.all([
    readProjectFiles(fs, root, pf),
    loadMacroFiles({
      root,
      fs,
      projectName,
      macroPaths: pf.config.macroPaths,
      testPaths: pf.config.testPaths,
      packagesInstallPath: packagesInstallPath(pf.yaml),
      warnings,
    }),
  ]);

  warnings.push(...unactedProjectKeys(pf.yaml));
  const index: PropertiesIndex = {
    models: new Map(),
    seeds: new Map(),
    snapshots: new Map(),
    sources: [],
    tests: [],
    unitTests: [],
  };
  for (const f of files.properties) {
    const yaml = parseYamlFile(f.text, f.path, warnings);
    readPropertiesFile(yaml, f.folders, { projectName, jinja, sourcesTree: pf.trees.sources, warnings }, index);
    warnings.push(...unactedPropertiesKeys(yaml));
  }
  for (const f of files.pythonModels)
    warnings.push({
      code: ProjectWarning.notActedOn,
      message: `${f.path}: tform runs SQL models only; this Python model is not built.`,
      location: { file: f.path },
    });
  if ((await fs.kind(join(root, "selectors.yml"))) === "file") {
    warnings.push({
      code: ProjectWarning.notActedOn,
      message: "selectors.yml: tform does not read named selectors yet; --selector is not available (use --select).",
      location: { file: "selectors.yml" },
    });
  }

  const ctx: NodeContext = { projectName, root, trees: pf.trees };
  const allModels = files.models.map((f) => modelNode(f, index.models.get(f.stem), ctx));
  const allSeeds = files.seeds.map((f) => seedNode(f, index.seeds.get(f.stem), ctx));
  const snapshotPatches = new Map(index.snapshots);
  const allSnapshots = snapshotNodes(files.snapshots, snapshotPatches, {
    projectName,
    tree: pf.trees.snapshots,
    warnings,
  });
  checkUniqueNames([...allModels, ...allSeeds, ...allSnapshots].filter((n) => n.config.enabled !== false));
  if (
    allModels.length === 0 &&
    allSeeds.length === 0 &&
    allSnapshots.length === 0 &&
    files.singularTests.length === 0
  ) {
    warnings.push({
      code: ProjectWarning.emptyProject,
      message: `The project '${projectName}' has no models, seeds or tests (looked in ${[...pf.config.modelPaths, ...pf.config.seedPaths, ...pf.config.testPaths].map((p) => `${p}/`).join(", ")}): there is nothing to do.`,
      location: pf.yaml.locate(["model-paths"]),
    });
  }
  for (const [kind, patches, nodes] of [
    ["model", index.models, allModels],
    ["seed", index.seeds, allSeeds],
    ["snapshot", snapshotPatches, []],
  ] as const) {
    const names = new Set<string>(nodes.map((n) => n.name));
    for (const patch of patches.values()) {
      if (names.has(patch.name)) continue;
      const loc = patch.yaml.locate(patch.path);
      warnings.push({
        code: ProjectWarning.unknownNode,
        message: `${patch.yaml.file}:${loc.line ?? "?"} has properties for the ${kind} '${patch.name}', which does not exist (or is not a ${kind}); they are ignored.`,
        location: loc,
      });
    }
  }

  const enabled = <T extends { config: { enabled: boolean } }>(nodes: readonly T[]): T[] =>
    nodes.filter((n) => n.config.enabled !== false);
  const models = enabled(allModels);
  const seeds = enabled(allSeeds);
  const snapshots = enabled(allSnapshots);
  const targets = new Map<string, { uniqueId: string; name: string }>();
  for (const n of models) targets.set(`model:${n.name}`, n);
  for (const n of seeds) targets.set(`seed:${n.name}`, n);
  for (const n of snapshots) targets.set(`snapshot:${n.name}`, n);
  const sourceIds = new Set(index.sources.map((s) => s.uniqueId));
  const genericTests: GenericTestNode[] = [];
  for (const spec of index.tests) {
    const t = spec.target;
    if (t.kind === "source") {
      if (sourceIds.has(t.uniqueId))
        genericTests.push(
          genericTestNode(spec, t.uniqueId, `${t.sourceName}_${t.tableName}`, {
            projectName,
            testsTree: pf.trees.tests,
            jinja,
          }),
        );
      continue;
    }
    // tests of a disabled or missing node are dropped (a missing one was reported above). dbt ties a test to
    // what ref() finds, so a test declared under models: for a seed (or seeds: for a model) still tests it
    const node =
      targets.get(`${t.kind}:${t.name}`) ?? targets.get(`${t.kind === "model" ? "seed" : "model"}:${t.name}`);
    if (node)
      genericTests.push(
        genericTestNode(spec, node.uniqueId, node.name, { projectName, testsTree: pf.trees.tests, jinja }),
      );
  }
  const allTests: TestNode[] = [...genericTests, ...files.singularTests.map((f) => singularTestNode(f, ctx))];
  const unitTests = await unitTestNodes(index.unitTests, {
    projectName,
    tree: pf.trees.unitTests,
    models: allModels,
    refTargets: [...models, ...seeds, ...snapshots],
    sources: index.sources,
    fixtures: files.fixtures,
    readSeed: (seed) => fs.readFile(seed.csvPath),
  });

  return {
    root,
    config: pf.config,
    models,
    seeds,
    sources: index.sources,
    tests: enabled(allTests),
    snapshots,
    ...(unitTests.length > 0 ? { unitTests } : {}),
    macros,
    docs: files.docs.flatMap((f) => docBlocks(f.text, f.path)),
    warnings,
    disabled: [...allModels, ...allSeeds, ...allSnapshots, ...allTests].filter((n) => n.config.enabled === false),
  };
}

/** dbt refuses two models (or a model and a seed or snapshot) with one name: ref() could not tell them apart. */
function checkUniqueNames(nodes: readonly (ModelNode | SeedNode | SnapshotNode)[]): void {
  const seen = new Map<string, ModelNode | SeedNode | SnapshotNode>();
  for (const n of nodes) {
    const first = seen.get(n.name);
    if (!first) {
      seen.set(n.name, n);
      continue;
    }
    throw new ProjectError(
      ProjectCode.duplicateName,
      `Two ${first.resourceType === n.resourceType ? `${n.resourceType}s` : "resources"} are named '${n.name}': ${first.originalFilePath} and ${n.originalFilePath}.`,
      {
        location: { file: n.originalFilePath, line: 1, excerpt: "rawCode" in n ? n.rawCode.split("\n")[0] : undefined },
        node: n.uniqueId,
        hint: `Rename one of the files (a model's name is its file name), or disable one with enabled: false.`,
      },
    );
  }
}

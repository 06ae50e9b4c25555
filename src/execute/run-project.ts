/**
 * `tform run | seed | snapshot | build` as library calls: load and parse the project, select, plan, then either
 * explain the plan (--dry-run) or apply it and write target/run_results.json. Tests inject the engine
 * and the catalog; otherwise they are opened from the profile's target.
 */
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { buildManifest } from "../artifacts/manifest.js";
import { recordOfPlan, writeRunResults } from "../artifacts/run-results.js";
import { tformVersion } from "../artifacts/tform-version.js";
import { writeArtifactFiles } from "../artifacts/write-artifact-files.js";
import { prepareProject, type PreparedProject } from "../compile/prepare-project.js";
import { selectNodes } from "../graph/select.js";
import type { ResourceType } from "../project/types.js";
import { buildPlan } from "../plan/build-plan.js";
import { explainPlan } from "../plan/explain-plan.js";
import { readSeedCsv } from "../plan/materializations/seed.js";
import { readSelectedSeeds } from "../plan/read-seeds.js";
import type { Plan, PlanCommand } from "../plan/plan.js";
import { isBranching } from "../plan/run-location.js";
import { openCatalog, openEngine } from "../publish/open-lakehouse.js";
import { applyPlan } from "./apply-plan.js";
import { recordBuildTests } from "./record-build-tests.js";
import type { ApplyResult, RunEvent } from "./run-event.js";

export interface RunProjectOptions {
  readonly projectDir: string;
  readonly profilesDir?: string;
  /** the profile's target name */
  readonly target?: string;
  readonly vars?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
  /** reuse the load and parse results saved under target/partial_parse/ (default true) */
  readonly partialParse?: boolean;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly threads?: number;
  readonly fullRefresh?: boolean;
  /** rebuild every selected table even when its fingerprint is unchanged */
  readonly noReuse?: boolean;
  readonly dryRun?: boolean;
  /** the first error or failing test stops the run (dbt's --fail-fast) */
  readonly failFast?: boolean;
  /** the Nessie branch to build on (created from `from`, default main, when missing) */
  readonly branch?: string;
  readonly from?: string;
  readonly engine?: Engine;
  readonly catalog?: Catalog;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  /** a project already loaded and parsed (embedding, tests) */
  readonly prepared?: Pick<PreparedProject, "project" | "target" | "parsed" | "graph"> &
    Partial<Pick<PreparedProject, "warnings">>;
  /** read each written table's snapshot id after the write (default true) */
  readonly snapshotIds?: boolean;
}

export interface RunProjectResult {
  readonly plan: Plan;
  /** the explained plan, on --dry-run */
  readonly explained?: string;
  /** what ran; absent on --dry-run */
  readonly applied?: ApplyResult;
  /** target/run_results.json, relative to the project root */
  readonly runResultsPath?: string;
  /** the catalog has no branches: the run wrote in place into the target's catalog */
  readonly inPlace: boolean;
  readonly success: boolean;
}

const RESOURCES: Readonly<Record<PlanCommand, ResourceType[]>> = {
  run: ["model"],
  seed: ["seed"],
  snapshot: ["snapshot"],
  build: ["seed", "model", "snapshot", "test", "unit_test"],
};

export const runProject = (options: RunProjectOptions): Promise<RunProjectResult> => execute("run", options);
export const seedProject = (options: RunProjectOptions): Promise<RunProjectResult> => execute("seed", options);
export const snapshotProject = (options: RunProjectOptions): Promise<RunProjectResult> => execute("snapshot", options);
export const buildProject = (options: RunProjectOptions): Promise<RunProjectResult> => execute("build", options);

async function writeRunManifest(
  prepared: Pick<PreparedProject, "project" | "target" | "parsed" | "graph">,
  plan: Plan,
): Promise<void> {
  const compiled = new Map(
    plan.nodes.flatMap((s) =>
      s.kind === "materialize" || s.kind === "test" ? [[s.uniqueId, s.compiled] as const] : [],
    ),
  );
  const manifest = buildManifest({
    prepared,
    compiled,
    invocationId: plan.invocationId,
    tformVersion: tformVersion(),
    generatedAt: plan.runStartedAt,
  });
  await writeArtifactFiles(prepared.project.root, [
    { path: `${prepared.project.config.targetPath}/manifest.json`, content: JSON.stringify(manifest) },
  ]);
}

async function execute(command: PlanCommand, options: RunProjectOptions): Promise<RunProjectResult> {
  const prepared =
    options.prepared ??
    (await prepareProject({
      projectDir: options.projectDir,
      ...(options.profilesDir !== undefined ? { profilesDir: options.profilesDir } : {}),
      ...(options.target !== undefined ? { targetName: options.target } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.partialParse !== undefined ? { partialParse: options.partialParse } : {}),
      vars: options.vars ?? {},
    }));
  const { parsed, graph, target } = prepared;
  const selected = selectNodes(graph, {
    select: options.select,
    exclude: options.exclude,
    resourceTypes: RESOURCES[command],
  });
  const seeds = await readSelectedSeeds(parsed, selected);
  const engine = options.engine ?? (await openEngine(target));
  const catalog = options.catalog ?? (isBranching(target) ? await openCatalog(target, command) : undefined);
  try {
    const plan = await buildPlan({
      command,
      parsed,
      graph,
      selected,
      engine,
      catalog,
      branch: options.branch,
      from: options.from,
      fullRefresh: options.fullRefresh,
      noReuse: options.noReuse,
      readCsv: async (path) => seeds.get(path) ?? readSeedCsv(path),
    });
    if (options.dryRun)
      return {
        plan,
        explained: explainPlan(plan),
        inPlace: plan.branch === undefined,
        success: !plan.nodes.some((s) => s.kind === "deferred" && s.renderError),
      };
    // as dbt, a run leaves the manifest of what it ran beside its run results
    await writeRunManifest(prepared, plan);
    // the project's warnings, as dbt prints them on every command
    for (const warning of prepared.warnings ?? []) options.onEvent?.({ kind: "warning", warning });
    const applied = await applyPlan(plan, {
      engine,
      catalog,
      threads: options.threads ?? target.threads,
      signal: options.signal,
      onEvent: options.onEvent,
      snapshotIds: options.snapshotIds,
      failFast: options.failFast,
    });
    const path = await writeRunResults(recordOfPlan(plan, applied));
    if (command === "build" && catalog) await recordBuildTests({ plan, applied, catalog, project: prepared.project });
    return { plan, applied, runResultsPath: path, inPlace: plan.branch === undefined, success: applied.success };
  } finally {
    if (!options.engine) await engine.close();
  }
}

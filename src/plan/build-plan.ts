/**
 * PLAN: from the parsed project and the selection to every step a run takes and every statement it
 * sends, as data. Reads the engine/catalog only to learn what exists (one call per run).
 */
import { randomUUID } from "node:crypto";
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { PlanError, TformError } from "../errors.js";
import { NeedsQuery } from "../render/needs-query.js";
import type { ProjectGraph } from "../graph/project-graph.js";
import type { SeedNode } from "../project/types.js";
import { compileNode, type RunContext } from "../render/compile-node.js";
import { compileUnitTest, unitTestOf } from "../render/compile-unit-test.js";
import type { ParsedProject } from "../render/parse-project.js";
import { incrementalStatements } from "./materializations/incremental.js";
import type { MaterializationInput } from "./materializations/materialization-input.js";
import { readSeedCsv, seedStatements } from "./materializations/seed.js";
import { snapshotStatements } from "./materializations/snapshot.js";
import { tableStatements } from "./materializations/table.js";
import { viewStatements } from "./materializations/view.js";
import type {
  ExistingRelation,
  MaterializationKind,
  MaterializeStep,
  NodeStep,
  Plan,
  PlanCommand,
  PlannedStatement,
  SeedStep,
  TestStep,
  UnitTestStep,
} from "./plan.js";
import { materializationOf } from "./check-configs.js";
import { PlanCode } from "./plan-code.js";
import { renderHooks } from "./render-hooks.js";
import { ReusePlanner } from "./reuse.js";
import { resolveRunLocation } from "./run-location.js";
import { schemaSetup } from "./schema-setup.js";
import { viewRelationFor } from "./view-relation-for.js";

export interface BuildPlanInput {
  readonly command: PlanCommand;
  readonly parsed: ParsedProject;
  readonly graph: ProjectGraph;
  /** unique ids in topological order (selectNodes) */
  readonly selected: readonly string[];
  readonly engine: Engine;
  /** the versioned catalog; required when the target has branches */
  readonly catalog?: Catalog;
  readonly branch?: string;
  readonly from?: string;
  readonly fullRefresh?: boolean;
  /** --no-reuse: rebuild every selected table even when its fingerprint is unchanged */
  readonly noReuse?: boolean;
  readonly invocationId?: string;
  readonly runStartedAt?: Date;
  /** reads a seed's CSV (injected by tests) */
  readonly readCsv?: (path: string) => Promise<string>;
}

/** What planNode needs besides the node: the same while planning and when a deferred node runs. */
interface NodePlanContext {
  readonly input: BuildPlanInput;
  readonly run: RunContext;
  readonly relations: ReadonlyMap<string, ExistingRelation>;
  readonly fullRefresh: boolean;
  readonly catalogMode: "native" | "rest" | undefined;
  /** fingerprints and reuse; undefined outside branches */
  readonly reuse?: ReusePlanner;
}

export async function buildPlan(input: BuildPlanInput): Promise<Plan> {
  const { parsed, engine } = input;
  const { project, target } = parsed;
  const written = input.selected.filter((id) => {
    const node = parsed.nodes.get(id);
    return (
      node !== undefined &&
      parsed.renderer.node(id)?.resourceType !== "test" &&
      node.config.materialized !== "ephemeral"
    );
  });
  const schemaNames = [...new Set(written.map((id) => parsed.nodes.get(id)!.relation.schema))];
  const location = await resolveRunLocation({
    target,
    engine,
    catalog: input.catalog,
    branch: input.branch,
    from: input.from,
    schemas: schemaNames,
  });
  const run: RunContext = {
    catalog: location.runCatalog,
    invocationId: input.invocationId ?? randomUUID(),
    runStartedAt: input.runStartedAt ?? new Date(),
    engine,
    fullRefresh: input.fullRefresh ?? false,
  };
  const reuse = await ReusePlanner.open({
    parsed,
    graph: input.graph,
    engine,
    location,
    selected: input.selected,
    rebuildAll: input.fullRefresh ? "--full-refresh" : input.noReuse ? "--no-reuse" : undefined,
  });
  const ctx: NodePlanContext = {
    input,
    run,
    relations: location.relations,
    fullRefresh: input.fullRefresh ?? false,
    catalogMode: location.branch ? target.branchCatalog?.mode : undefined,
    reuse,
  };

  const nodes: NodeStep[] = [];
  for (const id of input.selected) {
    // ephemeral models are inlined into their dependents: nothing runs for them, and dbt lists no result
    if (parsed.nodes.get(id)?.config.materialized === "ephemeral" && parsed.renderer.node(id)?.resourceType === "model")
      continue;
    const step = await planOrDefer(ctx, id);
    if (step) nodes.push(step);
  }

  const schemas = schemaSetup({
    parsed,
    nodes,
    runCatalog: location.runCatalog,
    existing: location.schemas,
    catalogMode: ctx.catalogMode,
  });
  return {
    command: input.command,
    projectRoot: project.root,
    targetPath: project.config.targetPath,
    targetName: target.name,
    runCatalog: location.runCatalog,
    session: { catalog: location.runCatalog, schema: target.schema },
    branch: location.branch,
    fullRefresh: ctx.fullRefresh,
    invocationId: run.invocationId,
    runStartedAt: run.runStartedAt,
    setup: [...location.setup, ...schemas.steps],
    nodes,
    warnings: schemas.warnings,
    graph: input.graph,
    renderDeferred: async (step) => {
      const rendered = await planNode(ctx, step.uniqueId);
      if (!rendered || rendered.kind === "seed")
        throw new PlanError(PlanCode.badMaterialization, `${step.uniqueId} cannot be rendered as a ${step.resource}.`, {
          node: step.uniqueId,
        });
      return rendered;
    },
  };
}

/** Plans a node, or defers it to run time when its render queries the database or fails (see DeferredStep). */
async function planOrDefer(ctx: NodePlanContext, id: string): Promise<NodeStep | undefined> {
  try {
    return await planNode({ ...ctx, run: { ...ctx.run, deferQueries: true } }, id);
  } catch (e) {
    if (!(e instanceof NeedsQuery) && !(e instanceof TformError)) throw e;
    const { parsed } = ctx.input;
    const source = parsed.renderer.node(id) ?? unitTestOf(parsed, id)!;
    const base = { kind: "deferred", uniqueId: id, name: source.name, file: source.originalFilePath } as const;
    const reason =
      e instanceof NeedsQuery ? "its templates query the database" : `its render failed while planning: ${e.message}`;
    ctx.reuse?.markVolatile(id, `it is rendered when it runs (${reason})`);
    const error = e instanceof TformError ? { renderError: e.inNode(id) } : {};
    if (source.resourceType === "unit_test") return { ...base, resource: "unit-test", reason, ...error };
    if (source.resourceType === "test") return { ...base, resource: "test", reason, ...error };
    const materialization = String(parsed.nodes.get(id)?.config.materialized);
    return {
      ...base,
      resource: "materialize",
      relation: parsed.renderer.runRelation(id, ctx.run.catalog),
      materialization,
      reason,
      ...error,
    };
  }
}

async function planNode(
  ctx: NodePlanContext,
  id: string,
): Promise<SeedStep | MaterializeStep | TestStep | UnitTestStep | undefined> {
  const { input, run, relations, fullRefresh, catalogMode } = ctx;
  const { parsed } = input;
  const unitTest = unitTestOf(parsed, id);
  if (unitTest) {
    const compiled = await compileUnitTest(parsed, unitTest, run);
    return { kind: "unit-test", uniqueId: id, name: unitTest.name, file: unitTest.originalFilePath, compiled };
  }
  const parsedNode = parsed.nodes.get(id);
  const source = parsed.renderer.node(id);
  if (!parsedNode || !source) return undefined;
  const file = source.originalFilePath;
  if (source.resourceType === "test") {
    return { kind: "test", uniqueId: id, name: source.name, file, compiled: await compileNode(parsed, id, run) };
  }
  const relation = parsed.renderer.runRelation(id, run.catalog);
  if (source.resourceType === "seed") {
    const csvText = await (input.readCsv ?? readSeedCsv)((source as SeedNode).csvPath);
    const hooks = {
      pre: renderHooks(parsed, parsedNode, relation, run, "pre_hook"),
      post: renderHooks(parsed, parsedNode, relation, run, "post_hook"),
    };
    const reuse = await ctx.reuse?.decide(id, {
      kind: "seed",
      body: csvText,
      sql: false,
      hooks: hookSql(hooks),
      config: parsedNode.config,
      refresh: parsedNode.config.full_refresh === true,
    });
    const seed = seedStatements({
      csvText,
      file,
      relation,
      config: parsedNode.config,
      fingerprint: reuse?.fingerprint,
    });
    const statements = [...hooks.pre, ...seed.statements, ...hooks.post];
    return {
      ...(reuse ? { reuse } : {}),
      kind: "seed",
      uniqueId: id,
      name: source.name,
      file,
      relation,
      rows: seed.rows,
      columns: seed.columns,
      statements,
    };
  }
  const kind: MaterializationKind | "snapshot" =
    source.resourceType === "snapshot"
      ? "snapshot"
      : materializationOf(source.name, { file, compiled: { uniqueId: id, relation, config: parsedNode.config } });
  const existing = relations.get(`${relation.schema}.${relation.identifier}`.toLowerCase());
  const refresh = typeof parsedNode.config.full_refresh === "boolean" ? parsedNode.config.full_refresh : fullRefresh;
  const isIncremental = kind === "incremental" && existing === "table" && !refresh;
  const nodeRun: RunContext = { ...run, isIncremental };
  const compiled = await compileNode(
    parsed,
    id,
    kind === "view" ? { ...nodeRun, relationFor: viewRelationFor(parsed, run.catalog, id) } : nodeRun,
  );
  const hooks = {
    pre: renderHooks(parsed, parsedNode, relation, nodeRun, "pre_hook"),
    post: renderHooks(parsed, parsedNode, relation, nodeRun, "post_hook"),
  };
  // an incremental model's fingerprint is that of its full build, so that a write which changed nothing is not
  // taken for a change of its SQL on the next run
  const fullBuildSql =
    isIncremental && ctx.reuse ? (await compileNode(parsed, id, run)).compiledSql : compiled.compiledSql;
  const reuse = await ctx.reuse?.decide(id, {
    kind,
    body: fullBuildSql,
    sql: true,
    hooks: hookSql(hooks),
    config: parsedNode.config,
    refresh: parsedNode.config.full_refresh === true,
  });
  const m: MaterializationInput = {
    compiled,
    fingerprint: reuse?.fingerprint,
    file,
    existing,
    fullRefresh,
    engine: input.engine.capabilities,
    catalogMode,
    invocationId: run.invocationId,
  };
  let mode: MaterializeStep["mode"];
  let body;
  switch (kind) {
    case "table":
      body = tableStatements(m);
      break;
    case "view":
      body = viewStatements(m);
      break;
    case "incremental": {
      const plan = incrementalStatements(m);
      mode = plan.mode;
      body = plan.statements;
      break;
    }
    case "snapshot": {
      const plan = snapshotStatements(m);
      mode = plan.mode;
      body = plan.statements;
      break;
    }
  }
  return {
    ...(reuse ? { reuse } : {}),
    kind: "materialize",
    uniqueId: id,
    name: source.name,
    file,
    materialization: kind,
    mode,
    relation,
    compiled,
    statements: [...hooks.pre, ...body, ...hooks.post],
  };
}

const hookSql = (hooks: {
  readonly pre: readonly PlannedStatement[];
  readonly post: readonly PlannedStatement[];
}): string[] => [...hooks.pre, ...hooks.post].map((s) => (s.kind === "sql" ? s.sql : s.purpose));

/**
 * Run time: render a parsed node with refs resolved to the run's catalog (the branch catalog on a branch),
 * inline ephemeral models as CTEs, and run the queries a template needs (run_query, get_columns…) on the
 * engine by rendering again once the answer is known.
 */
import { RenderError, TformError } from "../errors.js";
import type { Engine } from "../engine/engine.js";
import type { Relation } from "../project/types.js";
import type { CompiledNode } from "./types.js";
import { injectCtes, type Cte } from "./ephemeral-ctes.js";
import { renderGenericTest } from "./generic-test-sql.js";
import { NeedsQuery } from "./needs-query.js";
import type { ParsedProject } from "./parse-project.js";
import type { RenderableNode } from "./project-renderer.js";
import { newTrace, observeInto, type RenderMode, type RenderSubject, type RenderTrace } from "./render-context.js";
import { RenderCode } from "./render-error.js";
import { QueryLog } from "./query-log.js";

export interface RunContext {
  /** Trino catalog of this run, e.g. the branch catalog */
  readonly catalog: string;
  /** relation exists and not full refresh */
  readonly isIncremental?: boolean;
  /** the run was asked for --full-refresh (dbt's flags.FULL_REFRESH) */
  readonly fullRefresh?: boolean;
  readonly invocationId: string;
  readonly runStartedAt: Date;
  /** for run_query/get_columns at run time; absent when compiling offline */
  readonly engine?: Engine;
  /** override where refs point */
  readonly relationFor?: (uniqueId: string) => Relation;
  /**
   * While planning: a query the template needs is not run but thrown (NeedsQuery), so the node is rendered when it
   * runs, after its upstream exists; a --dry-run then sends nothing a template asked for.
   */
  readonly deferQueries?: boolean;
  /** rendering a model for one of its unit tests: given inputs become CTEs, and the overrides apply */
  readonly unitTest?: UnitTestRender;
}

/** What a unit test changes in its model's render (dbt's unit test context). */
export interface UnitTestRender {
  readonly name: string;
  /** unique id of a ref'd node or source → the CTE name of its fixture */
  readonly fixtures: ReadonlyMap<string, string>;
  /** the CTE `this` renders as when the unit test gives `this` (an incremental model's own rows) */
  readonly thisFixture?: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** macro name → the value it returns instead (is_incremental among them) */
  readonly macros: Readonly<Record<string, unknown>>;
  readonly envVars: Readonly<Record<string, string>>;
}

function renderAtRun(
  parsed: ParsedProject,
  uniqueId: string,
  mode: RenderMode & { kind: "run" },
  observed: RenderTrace,
): { sql: string; ephemerals: string[] } {
  const { renderer } = parsed;
  const parsedNode = parsed.nodes.get(uniqueId);
  const node = renderer.node(uniqueId);
  if (!parsedNode || !node) {
    throw new RenderError(RenderCode.unknownRef, `No parsed node ${uniqueId} (unknown or disabled).`, {
      hint: "Select nodes from the parsed project (tform ls lists them).",
    });
  }
  const relation = mode.run.relationFor?.(uniqueId) ?? renderer.runRelation(uniqueId, mode.run.catalog);
  const subject: RenderSubject = { node, config: parsedNode.config, relation };
  const trace = newTrace();
  try {
    return renderNodeAtRun(renderer, node, subject, mode, trace);
  } catch (e) {
    throw e instanceof TformError ? e.inNode(uniqueId) : e;
  } finally {
    observeInto(observed, trace);
  }
}

function renderNodeAtRun(
  renderer: ParsedProject["renderer"],
  node: RenderableNode,
  subject: RenderSubject,
  mode: RenderMode & { kind: "run" },
  trace: RenderTrace,
): { sql: string; ephemerals: string[] } {
  if (node.resourceType === "seed") return { sql: "", ephemerals: [] };
  if (node.resourceType === "test" && node.testKind === "generic")
    return { sql: renderGenericTest(renderer, node, subject, mode, trace), ephemerals: trace.ephemerals };
  return { sql: renderer.render(renderer.template(node), subject, mode, trace).sql, ephemerals: trace.ephemerals };
}

/** Where a node's compiled SQL is written, relative to the project root: target/compiled/<project>/<file>[/<test>.sql]. */
export function compiledPath(parsed: ParsedProject, uniqueId: string): string {
  const node = parsed.renderer.node(uniqueId)!;
  const base = `${parsed.project.config.targetPath}/compiled/${parsed.project.config.name}`;
  if (node.resourceType === "test" && node.testKind === "generic")
    return `${base}/${node.originalFilePath}/${node.name}.sql`;
  return `${base}/${node.originalFilePath}`;
}

function compileOnce(
  parsed: ParsedProject,
  uniqueId: string,
  mode: RenderMode & { kind: "run" },
  observed: RenderTrace,
): CompiledNode {
  const { sql, ephemerals } = renderAtRun(parsed, uniqueId, mode, observed);
  const ctes: Cte[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const inner = renderAtRun(parsed, id, mode, observed);
    inner.ephemerals.forEach(visit);
    ctes.push({ name: `__dbt__cte__${parsed.renderer.nameOf(id)}`, sql: inner.sql });
  };
  ephemerals.forEach(visit);
  return {
    uniqueId,
    compiledSql: injectCtes(sql, ctes),
    compiledPath: compiledPath(parsed, uniqueId),
    relation: mode.run.relationFor?.(uniqueId) ?? parsed.renderer.runRelation(uniqueId, mode.run.catalog),
    config: parsed.nodes.get(uniqueId)!.config,
  };
}

export async function compileNode(parsed: ParsedProject, uniqueId: string, context: RunContext): Promise<CompiledNode> {
  return compileWithQueries(parsed, uniqueId, context, newTrace());
}

async function compileWithQueries(
  parsed: ParsedProject,
  uniqueId: string,
  context: RunContext,
  observed: RenderTrace,
): Promise<CompiledNode> {
  const queries = new QueryLog();
  const mode = { kind: "run", run: context, queries } as const;
  for (;;) {
    queries.rewind();
    try {
      return compileOnce(parsed, uniqueId, mode, observed);
    } catch (e) {
      if (!(e instanceof NeedsQuery) || !context.engine || context.deferQueries) throw e;
      // unqualified names in a template's queries resolve as in its model: the run's catalog, the target's schema
      queries.record(
        e.sql,
        await context.engine.execute(e.sql, { catalog: context.catalog, schema: parsed.target.schema }),
      );
    }
  }
}

/**
 * Compiles many nodes in order, each with answers of its own (a query can have side effects). `observe` hears what
 * each node's renders observed (environment reads, per-run values), for partial parsing.
 */
export async function compileNodes(
  parsed: ParsedProject,
  uniqueIds: readonly string[],
  context: RunContext,
  observe?: (node: CompiledNode, observed: RenderTrace) => void,
): Promise<CompiledNode[]> {
  const out: CompiledNode[] = [];
  for (const id of uniqueIds) {
    const observed = newTrace();
    const node = await compileWithQueries(parsed, id, context, observed);
    observe?.(node, observed);
    out.push(node);
  }
  return out;
}

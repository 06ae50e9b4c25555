/**
 * APPLY: runs the setup steps in order, then the node steps with N workers following the DAG (a failed
 * node skips its descendants), reporting each start and end. Ctrl-C (the signal) cancels the running
 * Trino queries and skips what has not started.
 */
import type { Catalog, Reference } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { ExecutionError, InternalError, TformError } from "../errors.js";
import { ReadyQueue } from "../graph/ready-queue.js";
import {
  stepResource,
  type MaterializeStep,
  type NodeStep,
  type Plan,
  type SeedStep,
  type SetupStep,
  type TestStep,
} from "../plan/plan.js";
import { ExecuteCode } from "../plan/plan-code.js";
import { executeTest } from "../testing/execute-test.js";
import { DEFAULT_RETRY, NESSIE_KEY_CREATED_MEANWHILE, type RetryPolicy } from "./commit-retry.js";
import type { ApplyResult, BranchHashes, NodeResult, NodeStatus, RunEvent } from "./run-event.js";
import { runNodeStep } from "./run-node-step.js";
import { runUnitTestStep } from "./run-unit-test-step.js";

export interface ApplyOptions {
  readonly engine: Engine;
  /** needed when the plan creates a branch or records branch hashes */
  readonly catalog?: Catalog;
  readonly threads: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  readonly retry?: RetryPolicy;
  /** read each written table's snapshot id (default true) */
  readonly snapshotIds?: boolean;
  /** --fail-fast: the first error or failing test cancels what runs and skips the rest, as dbt's flag */
  readonly failFast?: boolean;
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const t0 = performance.now();
  for (const warning of plan.warnings) options.onEvent?.({ kind: "warning", warning });
  const hashBefore = await runSetup(plan, options);
  const results = await runNodes(plan, options);
  const cancelled = options.signal?.aborted === true;
  let branch: BranchHashes | undefined;
  if (plan.branch && hashBefore !== undefined) {
    const after = await options.catalog?.getReference(plan.branch.name);
    branch = {
      name: plan.branch.name,
      created: plan.branch.existing === undefined,
      hashBefore,
      hashAfter: after?.hash,
    };
  }
  const counts: Record<NodeStatus, number> = {
    success: 0,
    reused: 0,
    error: 0,
    skipped: 0,
    pass: 0,
    warn: 0,
    fail: 0,
  };
  for (const r of results) counts[r.status]++;
  return {
    results,
    branch,
    success: !cancelled && counts.error + counts.fail + counts.skipped === 0,
    cancelled,
    seconds: (performance.now() - t0) / 1000,
    counts,
  };
}

/** Returns the branch's hash before any write (undefined for a run in place). */
async function runSetup(plan: Plan, options: ApplyOptions): Promise<string | undefined> {
  let hash = plan.branch?.existing?.hash;
  for (const step of plan.setup) {
    options.signal?.throwIfAborted();
    const s0 = performance.now();
    if (step.kind === "create-branch") hash = (await createBranch(step.branch, step.from, options.catalog)).hash;
    else await runSetupSql(step, options);
    options.onEvent?.({ kind: "setup", step, seconds: (performance.now() - s0) / 1000 });
  }
  return hash;
}

async function createBranch(name: string, from: Reference, catalog?: Catalog): Promise<Reference> {
  if (!catalog) throw new InternalError("TF950", "The plan creates a branch but no catalog client was given.");
  try {
    return await catalog.createBranch(name, from);
  } catch (e) {
    // another run may have created it since the plan was made
    const now = await catalog.getReference(name);
    if (now?.type === "BRANCH") return now;
    throw e;
  }
}

/** Trino's and Iceberg's words for it (Nessie's: NESSIE_KEY_CREATED_MEANWHILE) */
const ALREADY_EXISTS = /\b(Namespace|Schema|Catalog) .*already exists/i;

async function runSetupSql(step: Exclude<SetupStep, { kind: "create-branch" }>, options: ApplyOptions): Promise<void> {
  try {
    await options.engine.execute(step.sql, { signal: options.signal });
  } catch (e) {
    // IF NOT EXISTS checks, then creates: a run building the same branch at the same moment can create it in
    // between, and the schema (Iceberg: namespace) or catalog then exists, which is what we wanted
    if (e instanceof Error && (ALREADY_EXISTS.test(e.message) || NESSIE_KEY_CREATED_MEANWHILE.test(e.message))) return;
    const what =
      step.kind === "create-catalog"
        ? `bind Trino catalog ${step.catalog} to branch ${step.branch}`
        : `create schema ${step.catalog}.${step.schema}`;
    throw new ExecutionError(
      e instanceof TformError ? e.code : ExecuteCode.statementFailed,
      `Could not ${what}: ${e instanceof Error ? e.message : String(e)}`,
      {
        queryId: e instanceof ExecutionError ? e.queryId : undefined,
        hint:
          step.kind === "create-catalog"
            ? "Trino needs catalog.management=dynamic (the sandbox sets it) and the branch_catalog properties of the profile must be valid."
            : "Check that the branch catalog works (tform sandbox status).",
        cause: e,
      },
    );
  }
}

async function runNodes(plan: Plan, options: ApplyOptions): Promise<NodeResult[]> {
  const steps = new Map<string, NodeStep>(plan.nodes.map((s) => [s.uniqueId, s]));
  const queue = new ReadyQueue(
    plan.graph,
    plan.nodes.map((s) => s.uniqueId),
    { testsGateChildren: plan.command === "build", unitTestsFirst: plan.command === "build" },
  );
  const results = new Map<string, NodeResult>();
  const total = plan.nodes.length;
  const threads = Math.max(1, options.threads);
  const running = new Map<string, Promise<void>>();
  const ready: string[] = [];
  let started = 0;
  let cancelling = false;
  let stopReason = "skipped: the run was cancelled";
  const cancel = (): void => {
    if (cancelling) return;
    cancelling = true;
    void options.engine.cancelAll().catch(() => undefined);
  };
  options.signal?.addEventListener("abort", cancel, { once: true });
  if (options.signal?.aborted) cancel();

  const finish = (result: NodeResult, index: number): void => {
    results.set(result.uniqueId, result);
    options.onEvent?.({ kind: "node-end", result, index, total });
    if (["success", "reused", "pass", "warn"].includes(result.status)) return queue.done(result.uniqueId);
    if (options.failFast && !cancelling && (result.status === "error" || result.status === "fail")) {
      stopReason = `skipped: --fail-fast stopped the run after ${result.name} ${result.status === "fail" ? "failed its test" : "failed"}`;
      cancel();
    }
    for (const id of queue.fail(result.uniqueId)) {
      const s = steps.get(id)!;
      const skipped: NodeResult = {
        uniqueId: id,
        name: s.name,
        kind: stepResource(s),
        status: "skipped",
        seconds: 0,
        statements: [],
        skippedBecause: result.uniqueId,
        message: `skipped: upstream ${result.name} ${result.status === "fail" ? "failed its test" : "failed"}`,
      };
      results.set(id, skipped);
      options.onEvent?.({ kind: "node-end", result: skipped, index, total });
    }
  };
  const start = (id: string): void => {
    const step = steps.get(id)!;
    const index = ++started;
    options.onEvent?.({ kind: "node-start", step, index, total });
    const work = runStep(step, plan, options)
      .then((r) => finish(r, index))
      .finally(() => running.delete(id));
    running.set(id, work);
  };

  try {
    while (!queue.finished) {
      if (!cancelling) ready.push(...queue.take());
      while (!cancelling && running.size < threads && ready.length > 0) start(ready.shift()!);
      if (running.size === 0) {
        if (cancelling) break;
        throw new InternalError("TF951", "The ready queue stalled with nodes left to run.");
      }
      await Promise.race(running.values());
    }
  } finally {
    options.signal?.removeEventListener("abort", cancel);
  }
  // after a cancel, whatever did not start is skipped
  return plan.nodes.map(
    (s) =>
      results.get(s.uniqueId) ?? {
        uniqueId: s.uniqueId,
        name: s.name,
        kind: stepResource(s),
        status: "skipped",
        seconds: 0,
        statements: [],
        message: stopReason,
      },
  );
}

async function runStep(planned: NodeStep, plan: Plan, options: ApplyOptions): Promise<NodeResult> {
  try {
    // a deferred node renders now, its upstream built: its queries run and a render error is its own
    const step = planned.kind === "deferred" ? await plan.renderDeferred(planned) : planned;
    if (step.kind === "test") return await runTestStep(step, plan, options);
    if (step.kind === "unit-test")
      return await runUnitTestStep(step, {
        engine: options.engine,
        projectRoot: plan.projectRoot,
        session: plan.session,
        signal: options.signal,
      });
    if (step.reuse?.reused) return reusedResult(step);
    const result = await runNodeStep(step, {
      engine: options.engine,
      projectRoot: plan.projectRoot,
      retry: options.retry ?? DEFAULT_RETRY,
      snapshotIds: options.snapshotIds ?? true,
      signal: options.signal,
      session: plan.session,
    });
    return step.reuse?.fingerprint ? { ...result, fingerprint: step.reuse.fingerprint } : result;
  } catch (e) {
    const error =
      e instanceof TformError
        ? e.inNode(planned.uniqueId)
        : new InternalError("TF952", `Unexpected failure in ${planned.uniqueId}: ${String(e)}`, {
            node: planned.uniqueId,
            cause: e,
          });
    return {
      uniqueId: planned.uniqueId,
      name: planned.name,
      kind: stepResource(planned),
      status: "error",
      seconds: 0,
      statements: [],
      error,
      message: error.message,
    };
  }
}

/** A table whose fingerprint is unchanged: nothing is sent, and it stays as the branch (or main) holds it. */
function reusedResult(step: SeedStep | MaterializeStep): NodeResult {
  return {
    uniqueId: step.uniqueId,
    name: step.name,
    kind: step.kind,
    status: "reused",
    startedAt: new Date(),
    seconds: 0,
    statements: [],
    relation: step.relation,
    ...(step.kind === "materialize" ? { compiledPath: step.compiled.compiledPath } : {}),
    fingerprint: step.reuse?.fingerprint,
    message: `reused: ${step.reuse?.reason ?? "unchanged"}`,
  };
}

const createdSchemas = new WeakMap<Plan, Set<string>>();

async function runTestStep(step: TestStep, plan: Plan, options: ApplyOptions): Promise<NodeResult> {
  if (!createdSchemas.has(plan)) createdSchemas.set(plan, new Set());
  const startedAt = new Date();
  // failing rows are stored on the run's catalog: a branch, or a catalog without branches; never main
  const r = await executeTest({
    engine: options.engine,
    compiled: step.compiled,
    projectRoot: plan.projectRoot,
    storeFailures: step.compiled.config.store_failures === true,
    signal: options.signal,
    createdSchemas: createdSchemas.get(plan),
  });
  const status: NodeStatus = r.status === "skipped" ? "skipped" : r.status;
  return {
    uniqueId: step.uniqueId,
    name: step.name,
    kind: "test",
    status,
    startedAt,
    seconds: r.seconds,
    rows: r.failures,
    statements: [],
    compiledPath: r.compiledPath,
    error: r.error,
    message: r.message ?? (r.failures > 0 ? `${r.failures} failing rows` : undefined),
    test: r,
  };
}

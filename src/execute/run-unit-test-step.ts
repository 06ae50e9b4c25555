/** Runs a unit test step of a plan (see testing/execute-unit-test) and reports it as a node result. */
import type { Engine } from "../engine/engine.js";
import type { StatementSession, UnitTestStep } from "../plan/plan.js";
import { executeUnitTest } from "../testing/execute-unit-test.js";
import type { NodeResult, StatementRecord } from "./run-event.js";

export async function runUnitTestStep(
  step: UnitTestStep,
  options: {
    readonly engine: Engine;
    readonly projectRoot: string;
    readonly session?: StatementSession;
    readonly signal?: AbortSignal;
  },
): Promise<NodeResult> {
  const startedAt = new Date();
  const statements: StatementRecord[] = [];
  const r = await executeUnitTest({
    engine: options.engine,
    compiled: step.compiled,
    projectRoot: options.projectRoot,
    session: options.session,
    signal: options.signal,
    onStatement: (sql, queryId, seconds) => statements.push({ sql, queryId, seconds }),
  });
  return {
    uniqueId: step.uniqueId,
    name: step.name,
    kind: "unit-test",
    status: r.status === "skipped" ? "skipped" : r.status,
    startedAt,
    seconds: r.seconds,
    rows: r.failures,
    statements,
    compiledPath: r.compiledPath,
    error: r.error,
    message: r.message,
    test: r,
  };
}

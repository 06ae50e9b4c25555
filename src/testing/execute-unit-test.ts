/**
 * Runs one unit test on the engine, writing no table: the columns of each input's relation and of the model's result
 * are read with WHERE-false probes (dbt creates and drops a temp table for the latter), then one statement returns
 * the rows that differ between the model on the fixtures and `expect`.
 */
import { writeCompiledSql } from "../artifacts/compiled-sql.js";
import type { Engine, ExecuteOptions } from "../engine/engine.js";
import { ExecutionError, TformError, scrubSecrets } from "../errors.js";
import { ExecuteCode } from "../plan/plan-code.js";
import type { StatementSession } from "../plan/plan.js";
import type { CompiledUnitTest } from "../render/types.js";
import type { TestResult, UnitTestDiff } from "./execute-test.js";
import {
  DIFF_COLUMN,
  actualSql,
  columnsProbeSql,
  comparedColumns,
  diffSql,
  expectedSql,
  fixtureSql,
  queryProbeSql,
} from "./unit-test-sql.js";

export interface ExecuteUnitTestOptions {
  readonly engine: Engine;
  readonly compiled: CompiledUnitTest;
  /** absolute project root: the unit test's SQL is written to <root>/<compiledPath> */
  readonly projectRoot: string;
  /** where the model's unqualified names resolve: the run's catalog and the target's schema */
  readonly session?: StatementSession;
  readonly signal?: AbortSignal;
  /** differing rows listed in the result (default 20) */
  readonly diffLimit?: number;
  /** hears each statement sent, for run results */
  readonly onStatement?: (sql: string, queryId: string | undefined, seconds: number) => void;
}

export async function executeUnitTest(options: ExecuteUnitTestOptions): Promise<TestResult> {
  const { engine, compiled, signal } = options;
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const exec: ExecuteOptions = { signal, ...options.session };
  const send = async (sql: string) => {
    const s0 = performance.now();
    const result = await engine.execute(sql, exec);
    options.onStatement?.(scrubSecrets(sql), result.queryId, (performance.now() - s0) / 1000);
    return result;
  };
  let queryId: string | undefined;
  try {
    const fixtures = [];
    for (const f of compiled.fixtures) {
      if (f.rows.format === "sql") {
        fixtures.push({ name: f.cte, sql: f.rows.sql });
        continue;
      }
      const columns = await send(columnsProbeSql(f.relation)).then(
        (r) => r.columns,
        (e: unknown) => {
          throw inputMissing(compiled, f.input, f.relation, e);
        },
      );
      fixtures.push({ name: f.cte, sql: fixtureSql(f.rows.rows, columns, f.name, compiled.uniqueId) });
    }
    const actual = actualSql(compiled.modelSql, fixtures);
    const actualColumns = (await send(queryProbeSql(actual))).columns;
    const columns = comparedColumns(compiled.expect, actualColumns);
    const expected =
      compiled.expect.format === "sql"
        ? compiled.expect.sql
        : expectedSql(compiled.expect.rows, actualColumns, compiled.uniqueId);
    const limit = options.diffLimit ?? 20;
    const sql = diffSql(actual, expected, columns, limit + 1);
    await writeCompiledSql(options.projectRoot, compiled.compiledPath, sql);
    const result = await send(sql);
    queryId = result.queryId;
    const rows = result.rows.slice(0, limit).map((row) => ({
      sign: row[0] === "+" ? ("+" as const) : ("-" as const),
      values: row.slice(1),
    }));
    const diff: UnitTestDiff = {
      columns: result.columns.filter((c) => c.name !== DIFF_COLUMN).map((c) => c.name),
      rows,
      truncated: result.rows.length > limit,
    };
    const failed = rows.length > 0;
    return {
      uniqueId: compiled.uniqueId,
      status: failed ? "fail" : "pass",
      severity: "error",
      failures: rows.length,
      sampleRows: [],
      compiledPath: compiled.compiledPath,
      queryId,
      seconds: seconds(),
      ...(failed ? { diff, message: `actual differs from expected:\n\n${renderDiff(diff)}` } : {}),
    };
  } catch (e) {
    const error =
      e instanceof TformError
        ? e.inNode(compiled.uniqueId)
        : new ExecutionError(ExecuteCode.unitTestFailed, `Unit test ${compiled.uniqueId} could not run: ${String(e)}`, {
            node: compiled.uniqueId,
            cause: e,
          });
    return {
      uniqueId: compiled.uniqueId,
      status: "error",
      severity: "error",
      failures: 0,
      sampleRows: [],
      compiledPath: compiled.compiledPath,
      queryId,
      seconds: seconds(),
      error,
      message: error.message,
    };
  }
}

function inputMissing(
  compiled: CompiledUnitTest,
  input: string,
  relation: { database: string; schema: string; identifier: string },
  cause: unknown,
): ExecutionError {
  const where = `${relation.database}.${relation.schema}.${relation.identifier}`;
  return new ExecutionError(
    ExecuteCode.unitTestInputMissing,
    `Not able to get columns for unit test ${compiled.uniqueId.split(".").pop()} from ${input} (${where}): ${cause instanceof Error ? cause.message : String(cause)}`,
    {
      node: compiled.uniqueId,
      cause,
      hint: `As in dbt, a unit test types its rows by the columns of the relations it stands in for: build ${input === "this" ? "the model" : "that input"} first (tform build runs a model's upstream before its unit tests), or give the rows as format: sql.`,
    },
  );
}

const show = (v: unknown): string =>
  v === null || v === undefined ? "null" : typeof v === "object" ? JSON.stringify(v) : String(v);

/** dbt's daff-style table: a header `@@`, then `+++` rows the model returned and `---` rows it should have. */
export function renderDiff(diff: UnitTestDiff): string {
  const lines = [["@@", ...diff.columns], ...diff.rows.map((r) => [r.sign.repeat(3), ...r.values.map(show)])];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const text = lines.map((l) =>
    l
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd(),
  );
  if (diff.truncated) text.push(`… (more rows differ; the first ${diff.rows.length} are shown)`);
  return text.join("\n");
}

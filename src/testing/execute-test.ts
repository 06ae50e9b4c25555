/**
 * Runs one compiled data test (a SELECT of failing rows) on the engine: one statement returns the failure
 * count and a few sample rows; with store_failures the rows are first kept in a table of the audit schema.
 */
import { writeCompiledSql } from "../artifacts/compiled-sql.js";
import type { Engine, QueryResult } from "../engine/engine.js";
import { InternalError, TformError } from "../errors.js";
import type { Relation } from "../project/types.js";
import type { CompiledNode } from "../render/types.js";
import { severityOf, testVerdict, type TestVerdict } from "./test-condition.js";
import { quoteIdent } from "../engine/sql-text.js";

export type TestStatus = TestVerdict | "error" | "skipped";

export interface TestResult {
  readonly uniqueId: string;
  readonly status: TestStatus;
  readonly severity: "error" | "warn";
  /** rows the test returned (after `limit`); 0 on error or skip */
  readonly failures: number;
  /** up to `sampleSize` failing rows, column name → value */
  readonly sampleRows: readonly Readonly<Record<string, unknown>>[];
  /** compiled SQL under target/compiled, relative to the project root */
  readonly compiledPath?: string;
  /** "catalog"."schema"."table" holding the failing rows when store_failures is on */
  readonly storedFailuresIn?: string;
  readonly queryId?: string;
  readonly seconds: number;
  readonly error?: TformError;
  /** e.g. why the test was skipped or why failures were not stored */
  readonly message?: string;
  /** a unit test that failed: the rows that differ between the model's result and `expect` */
  readonly diff?: UnitTestDiff;
}

/** The rows only one side of a unit test has: "+" the model returned it, "-" it was expected (dbt's diff). */
export interface UnitTestDiff {
  readonly columns: readonly string[];
  readonly rows: readonly { readonly sign: "+" | "-"; readonly values: readonly unknown[] }[];
  /** more rows differ than are listed */
  readonly truncated: boolean;
}

export interface ExecuteTestOptions {
  readonly engine: Engine;
  readonly compiled: CompiledNode;
  /** absolute project root: the compiled SQL is written to <root>/<compiledPath> */
  readonly projectRoot: string;
  /** store failing rows in compiled.relation (the audit schema on the run's catalog); the caller checks it is a branch */
  readonly storeFailures?: boolean;
  readonly sampleSize?: number;
  readonly signal?: AbortSignal;
  /** schemas already created in this run ("catalog.schema"), shared between calls to save statements */
  readonly createdSchemas?: Set<string>;
}

const FAILURES_COLUMN = "tform_failures__";

export const quoteRelation = (r: Relation): string => [r.database, r.schema, r.identifier].map(quoteIdent).join(".");

/** The failing-rows SQL with dbt's `limit` applied; a trailing `;` or line comment must not swallow it. */
export function failingRowsSql(compiled: CompiledNode): string {
  const sql = compiled.compiledSql.trim().replace(/;\s*$/, "").trimEnd();
  const limit = compiled.config.limit;
  return typeof limit === "number" ? `select * from (\n${sql}\n) as dbt_limited limit ${limit}` : sql;
}

/** One statement: every failing row counted by a window, only the first few returned. */
export function countAndSampleSql(from: string, sampleSize: number): string {
  return `select *, count(*) over () as ${FAILURES_COLUMN} from (\n${from}\n) as dbt_internal_test limit ${sampleSize}`;
}

export async function executeTest(options: ExecuteTestOptions): Promise<TestResult> {
  const { engine, compiled, signal } = options;
  const sampleSize = options.sampleSize ?? 5;
  const severity = severityOf(compiled.config);
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let queryId: string | undefined;
  try {
    await writeCompiledSql(options.projectRoot, compiled.compiledPath, compiled.compiledSql);
    let from = failingRowsSql(compiled);
    let storedFailuresIn: string | undefined;
    if (options.storeFailures) {
      const r = compiled.relation;
      const schemaKey = `${r.database}.${r.schema}`;
      if (!options.createdSchemas?.has(schemaKey)) {
        await engine.execute(`create schema if not exists ${quoteIdent(r.database)}.${quoteIdent(r.schema)}`, {
          signal,
        });
        options.createdSchemas?.add(schemaKey);
      }
      storedFailuresIn = quoteRelation(r);
      await engine.execute(`create or replace table ${storedFailuresIn} as\n${from}`, { signal });
      from = `select * from ${storedFailuresIn}`;
    }
    const result = await engine.execute(countAndSampleSql(from, sampleSize), { signal });
    queryId = result.queryId;
    const counted = readCountAndSample(result, compiled.uniqueId);
    const { sampleRows } = counted;
    const failCalc = customFailCalc(compiled.config.fail_calc);
    // dbt's fail_calc: the failure count is this expression over the failing rows (count(*) by default)
    const failures = failCalc
      ? Number(
          (await engine.execute(`select ${failCalc} from (\n${from}\n) as dbt_internal_test`, { signal }))
            .rows[0]?.[0] ?? 0,
        )
      : counted.failures;
    return {
      uniqueId: compiled.uniqueId,
      status: testVerdict(compiled.config, failures, compiled.uniqueId),
      severity,
      failures,
      sampleRows,
      compiledPath: compiled.compiledPath,
      storedFailuresIn,
      queryId,
      seconds: seconds(),
    };
  } catch (e) {
    const error =
      e instanceof TformError
        ? e.inNode(compiled.uniqueId)
        : new InternalError("TF971", `Test ${compiled.uniqueId} could not run: ${String(e)}`, {
            cause: e,
            node: compiled.uniqueId,
          });
    return {
      uniqueId: compiled.uniqueId,
      status: "error",
      severity,
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

function customFailCalc(value: unknown): string | undefined {
  if (typeof value !== "string" || value.replace(/\s+/g, "").toLowerCase() === "count(*)") return undefined;
  return value.trim();
}

function readCountAndSample(
  result: QueryResult,
  node: string,
): { failures: number; sampleRows: Record<string, unknown>[] } {
  const last = result.columns.length - 1;
  if (last < 0 || result.columns[last]!.name !== FAILURES_COLUMN) {
    throw new InternalError("TF972", `The test query of ${node} returned no failure count column.`, { node });
  }
  const first = result.rows[0];
  const failures = first === undefined ? 0 : Number(first[last]);
  const sampleRows = result.rows.map((row) =>
    Object.fromEntries(result.columns.slice(0, last).map((c, i) => [c.name, row[i]])),
  );
  return { failures, sampleRows };
}

/**
 * Runs the statements of one seed or model step: expands incremental writes once the columns are known,
 * retries commit conflicts, reads the snapshot the write produced, and turns any failure into an
 * ExecutionError naming the node, its file, the compiled SQL path and the Trino query id.
 */
import { writeCompiledSql } from "../artifacts/compiled-sql.js";
import type { Engine, ExecuteOptions, QueryResult } from "../engine/engine.js";
import { ExecutionError, TformError, scrubSecrets } from "../errors.js";
import type { MaterializeStep, PlannedStatement, SeedStep, StatementSession } from "../plan/plan.js";
import { ExecuteCode } from "../plan/plan-code.js";
import {
  columnsQuery,
  incrementalWriteSql,
  schemaChangeStatements,
  splitColumns,
} from "../plan/materializations/incremental-write-sql.js";
import { snapshotColumnsQuery, snapshotMergeSql } from "../plan/materializations/snapshot-sql.js";
import { quoteIdent } from "../plan/materializations/sql-text.js";
import { withCommitRetry, type RetryPolicy } from "./commit-retry.js";
import type { NodeResult, StatementRecord } from "./run-event.js";

export interface NodeRunOptions {
  readonly engine: Engine;
  readonly projectRoot: string;
  readonly retry: RetryPolicy;
  /** read the Iceberg snapshot id after each table write (one metadata query per node) */
  readonly snapshotIds: boolean;
  readonly signal?: AbortSignal;
  /** the session of statements that name none: the run's catalog and the target's schema, as dbt-trino's connection */
  readonly session?: StatementSession;
}

/**
 * Trino 476 refuses CREATE OR REPLACE with another location than the table's ("does not match the
 * existing table location"). tform does not drop and recreate: Trino's Nessie catalog deletes the table's
 * folder on DROP TABLE, and on a branch that folder still holds the files `main` reads.
 */
const LOCATION_MOVED = /does not match the existing table location/i;
const WRITES = new Set(["INSERT", "CREATE TABLE", "MERGE"]);

export async function runNodeStep(step: SeedStep | MaterializeStep, options: NodeRunOptions): Promise<NodeResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const records: StatementRecord[] = [];
  const compiledPath = step.kind === "materialize" ? step.compiled.compiledPath : undefined;
  let rows = 0;
  let lastQueryId: string | undefined;

  const send = async (sql: string, session?: StatementSession): Promise<QueryResult> => {
    const s0 = performance.now();
    const execute: ExecuteOptions = { signal: options.signal, ...(session ?? options.session) };
    try {
      const result = await withCommitRetry(() => options.engine.execute(sql, execute), options.retry, options.signal);
      records.push({
        sql: scrubSecrets(sql),
        queryId: result.queryId,
        seconds: (performance.now() - s0) / 1000,
        rows: result.updateCount,
      });
      if (result.updateType && WRITES.has(result.updateType.toUpperCase())) rows += result.updateCount ?? 0;
      return result;
    } catch (e) {
      lastQueryId = e instanceof ExecutionError ? e.queryId : undefined;
      records.push({ sql: scrubSecrets(sql), queryId: lastQueryId, seconds: (performance.now() - s0) / 1000 });
      throw e;
    }
  };
  const sendSql = async (sql: string, session?: StatementSession): Promise<void> => {
    try {
      await send(sql, session);
    } catch (e) {
      if (e instanceof Error && LOCATION_MOVED.test(e.message)) throw locationMoved(step, e);
      throw e;
    }
  };
  const runStatement = async (s: PlannedStatement): Promise<void> => {
    if (s.kind === "sql") return sendSql(s.sql, s.session);
    if (s.kind === "snapshot-merge") {
      const { target, incoming } = splitColumns((await send(snapshotColumnsQuery(s.merge))).columns);
      for (const sql of snapshotMergeSql(s.merge, target, incoming, step.uniqueId)) await send(sql);
      return;
    }
    const { target, incoming } = splitColumns((await send(columnsQuery(s.write))).columns);
    const change = schemaChangeStatements(s.write, target, incoming, step.uniqueId);
    for (const sql of change.statements) await send(sql);
    for (const sql of incrementalWriteSql(s.write, change.columns)) await send(sql);
  };

  try {
    if (step.kind === "materialize")
      await writeCompiledSql(options.projectRoot, step.compiled.compiledPath, step.compiled.compiledSql);
    for (const s of step.statements) await runStatement(s);
    const writesTable = step.kind === "seed" || step.materialization !== "view";
    const snapshotId = writesTable && options.snapshotIds ? await readSnapshotId(send, step) : undefined;
    const seconds = (performance.now() - t0) / 1000;
    return {
      uniqueId: step.uniqueId,
      name: step.name,
      kind: step.kind,
      status: "success",
      startedAt,
      seconds,
      rows: step.kind === "seed" ? step.rows : writesTable ? rows : undefined,
      snapshotId,
      statements: records,
      relation: step.relation,
      compiledPath,
    };
  } catch (e) {
    const error = locate(e, step, compiledPath, lastQueryId, options.signal);
    return {
      uniqueId: step.uniqueId,
      name: step.name,
      kind: step.kind,
      status: "error",
      startedAt,
      seconds: (performance.now() - t0) / 1000,
      statements: records,
      relation: step.relation,
      compiledPath,
      error,
      message: error.message,
    };
  }
}

function locationMoved(step: SeedStep | MaterializeStep, cause: Error): ExecutionError {
  return new ExecutionError(
    ExecuteCode.locationMoved,
    `${step.name} already exists at another location than its config's location; Iceberg cannot move a table.`,
    {
      node: step.uniqueId,
      location: { file: step.file },
      cause,
      hint: "Keep the table's current location, or build it under a new name (alias) at the new location. Do not DROP it on a branch: Trino's Nessie catalog deletes the table's folder, which main still reads.",
    },
  );
}

async function readSnapshotId(
  send: (sql: string) => Promise<QueryResult>,
  step: SeedStep | MaterializeStep,
): Promise<string | undefined> {
  const r = step.relation;
  const snapshots = [r.database, r.schema, `${r.identifier}$snapshots`].map(quoteIdent).join(".");
  // snapshot ids are 64-bit: as JSON numbers they would lose digits
  const result = await send(`SELECT CAST(snapshot_id AS varchar) FROM ${snapshots} ORDER BY committed_at DESC LIMIT 1`);
  const value = result.rows[0]?.[0];
  return value === undefined || value === null ? undefined : String(value);
}

function locate(
  e: unknown,
  step: SeedStep | MaterializeStep,
  compiledPath: string | undefined,
  queryId: string | undefined,
  signal?: AbortSignal,
): TformError {
  const what = step.kind === "seed" ? "Seed" : "Model";
  const where = compiledPath ? ` Compiled SQL: ${compiledPath}.` : "";
  if (signal?.aborted)
    return new ExecutionError(ExecuteCode.cancelled, `${what} ${step.name} was cancelled.`, {
      node: step.uniqueId,
      location: { file: step.file },
      compiledPath,
      queryId,
      cause: e,
    });
  if (e instanceof TformError && !(e instanceof ExecutionError)) return e.inNode(step.uniqueId);
  const message = e instanceof Error ? e.message : String(e);
  return new ExecutionError(
    e instanceof TformError ? e.code : ExecuteCode.statementFailed,
    `${what} ${step.name} failed: ${message}`,
    {
      node: step.uniqueId,
      location: { file: step.file },
      compiledPath,
      queryId: (e instanceof ExecutionError ? e.queryId : undefined) ?? queryId,
      hint:
        (e instanceof TformError ? e.hint : undefined) ??
        `Trino rejected a statement of ${step.file}.${where}${queryId ? ` Query id ${queryId}.` : ""}`,
      cause: e,
    },
  );
}

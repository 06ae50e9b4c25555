/** The SQL engine seen by the rest of tform. Only engine/trino/ talks to Trino. */

export interface Column {
  readonly name: string;
  readonly type: string;
}

export interface QueryResult {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly unknown[])[];
  /** Engine-side id of the statement (Trino query id), for error messages and run results. */
  readonly queryId?: string;
  /** Rows written by INSERT/CTAS/MERGE/DELETE, when the engine reports it. */
  readonly updateCount?: number;
  /** e.g. "CREATE TABLE", "INSERT", "SELECT" */
  readonly updateType?: string;
}

export interface ExecuteOptions {
  /** Aborts the statement on the engine (Ctrl-C, a failed sibling). */
  readonly signal?: AbortSignal;
  /** Default catalog/schema for unqualified names in this statement. */
  readonly catalog?: string;
  readonly schema?: string;
}

export interface EngineCapabilities {
  /** CREATE CATALOG / DROP CATALOG at run time (Trino catalog.management=dynamic). */
  readonly dynamicCatalogs: boolean;
  /** CREATE OR REPLACE TABLE ... AS (Trino 431+ on Iceberg). */
  readonly createOrReplaceTable: boolean;
}

export interface Engine {
  readonly capabilities: EngineCapabilities;
  /** Runs one statement to completion and returns all rows. Throws ExecutionError. */
  execute(sql: string, options?: ExecuteOptions): Promise<QueryResult>;
  /** Cancels every statement still running on this engine. */
  cancelAll(): Promise<void>;
  /** A timestamp value as this engine's rows carry it, as milliseconds since the epoch (undefined: not one). */
  instantOf(value: string): number | undefined;
  close(): Promise<void>;
}

/**
 * How templates reach the database: run_query, `{% call statement(…) %}` with load_result, and adapter.execute.
 * At parse time nothing runs and answers are empty; at run time an answer not known yet is asked for with
 * NeedsQuery (compileNode runs it and renders again), and an offline compile says that it needs a connection.
 */
import { RenderError } from "../errors.js";
import type { QueryResult } from "../engine/engine.js";
import { argAt, splitArgs } from "./call-args.js";
import { NeedsQuery } from "./needs-query.js";
import { EMPTY_RESULT, queryTable, type QueryTable } from "./query-table.js";
import type { RenderMode } from "./render-context.js";
import { RenderCode } from "./render-error.js";

/** The answer to `sql`, for the construct named in errors. */
export type QueryRunner = (construct: string, sql: string) => QueryResult;

const DB_CONSTRUCTS_HINT =
  "It needs the database: it works under `tform run`/`tform build`, not in an offline `tform compile`.";

export function queryRunner(mode: RenderMode): QueryRunner {
  return (construct, sql) => {
    if (mode.kind === "parse") return EMPTY_RESULT;
    const known = mode.queries.next(sql);
    if (known) return known;
    if (!mode.run.engine)
      throw new RenderError(
        RenderCode.unsupported,
        `${construct} needs a database connection, and this compile has none.`,
        { hint: DB_CONSTRUCTS_HINT },
      );
    throw new NeedsQuery(sql);
  };
}

/** dbt's AdapterResponse */
const responseOf = (r: QueryResult) => ({
  _message: r.updateType ?? "OK",
  code: r.updateType ?? "",
  rows_affected: r.updateCount ?? -1,
  query_id: r.queryId ?? null,
});

interface StoredResult {
  readonly table: QueryTable;
  readonly data: QueryTable["rows"];
  readonly response: ReturnType<typeof responseOf>;
}

const stored = (r: QueryResult): StoredResult => {
  const table = queryTable(r);
  return { table, data: table.rows, response: responseOf(r) };
};

export function statementFunctions(mode: RenderMode, query: QueryRunner) {
  const results = new Map<string, StoredResult>();
  return {
    run_query: (sql: unknown): QueryTable => queryTable(query("run_query", String(sql))),
    /** `{% call statement('name', fetch_result=True) %}sql{% endcall %}`: as dbt, only at run time (the body is not even rendered at parse time) */
    statement: (...args: unknown[]): string => {
      if (mode.kind === "parse") return "";
      const call = splitArgs(args);
      const caller = call.kwargs.caller as (() => unknown) | undefined;
      const result = query("statement", caller ? String(caller()) : "");
      const name = argAt(call, 0, "name");
      if (name !== undefined && name !== null) results.set(String(name), stored(result));
      return "";
    },
    /** dbt answers none for a name no statement stored; at parse time statements store nothing, so tform answers an empty result there */
    load_result: (name: unknown): StoredResult | null =>
      results.get(String(name)) ?? (mode.kind === "parse" ? stored(EMPTY_RESULT) : null),
    /** adapter.execute(sql, auto_begin=False, fetch=False): (response, table) */
    execute: (...args: unknown[]): [ReturnType<typeof responseOf>, QueryTable] => {
      const result = query("adapter.execute", String(argAt(splitArgs(args), 0, "sql")));
      return [responseOf(result), queryTable(result)];
    },
  };
}

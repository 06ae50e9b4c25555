/**
 * The `adapter` object templates call. As in dbt-core's BaseAdapter, the methods that touch the database run the
 * macros of the same name (list_relations_without_caching, get_columns_in_relation, drop_schema, …), so a project
 * or package overriding `trino__x` / `default__x` changes what the adapter does; tform's built-ins give
 * dbt-trino's SQL.
 */
import { RenderError } from "../errors.js";
import { argAt, splitArgs } from "./call-args.js";
import type { ColumnValue } from "./column-value.js";
import type { ProjectRenderer } from "./project-renderer.js";
import type { QueryTable } from "./query-table.js";
import type { RenderMode } from "./render-context.js";
import { RenderCode } from "./render-error.js";
import { RelationValue, quoteIdentifier } from "./relation-value.js";

export interface AdapterScope {
  readonly renderer: ProjectRenderer;
  readonly mode: RenderMode;
  /** package of the node being rendered: adapter.dispatch without a namespace looks there first */
  readonly localPackage: string;
  readonly execute: (...args: unknown[]) => unknown;
}

const lower = (v: unknown): string | null => (v === undefined || v === null ? null : String(v).toLowerCase());

/** Trino folds unquoted names to lower case, so dbt-trino matches relations case-insensitively. */
function matching(listed: QueryTable, database: unknown, schema: unknown, identifier: unknown): RelationValue[] {
  const wanted: [string, string | null][] = [
    ["database", lower(database)],
    ["schema", lower(schema)],
    ["name", lower(identifier)],
  ];
  return listed.rows
    .filter((row) => wanted.every(([key, value]) => value === null || lower(row[key]) === value))
    .map((row) =>
      RelationValue.create({
        database: row.database as string,
        schema: row.schema as string,
        identifier: row.name as string,
        type: row.table_type as string,
      }),
    );
}

export function adapterValue(s: AdapterScope): Record<string, unknown> {
  const macro = (name: string) => s.renderer.macroOrThrow(name, undefined, "adapter");
  /** runs a macro for the statements it executes; the adapter method renders nothing */
  const statementsOf = (name: string, ...args: unknown[]): string => {
    macro(name)(...args);
    return "";
  };
  const columnsOf = (relation: unknown): ColumnValue[] => macro("get_columns_in_relation")(relation) as ColumnValue[];
  return {
    type: () => "trino",
    dispatch: (...args: unknown[]) => {
      const call = splitArgs(args);
      return s.renderer.macros.dispatch(
        String(argAt(call, 0, "macro_name")),
        argAt(call, 1, "macro_namespace") as string | undefined,
        s.localPackage,
      );
    },
    quote: (identifier: unknown) => quoteIdentifier(String(identifier)),
    execute: s.execute,
    /** none at parse time (dbt's relation cache is empty then); at run time, the listed relation of the schema */
    get_relation: (...args: unknown[]) => {
      if (s.mode.kind === "parse") return null;
      const call = splitArgs(args);
      const [database, schema, identifier] = [
        argAt(call, 0, "database"),
        argAt(call, 1, "schema"),
        argAt(call, 2, "identifier"),
      ];
      const listed = macro("list_relations_without_caching")(
        RelationValue.create({ database: database as string, schema: schema as string }),
      ) as QueryTable;
      const found = matching(listed, database, schema, identifier);
      if (found.length > 1) {
        throw new RenderError(
          RenderCode.compilerError,
          `adapter.get_relation found ${found.length} relations matching ${[database, schema, identifier].join(".")}: ${found.join(", ")}.`,
          {
            hint: "Names differ only in case; Trino folds them, so rename one.",
          },
        );
      }
      return found[0] ?? null;
    },
    get_columns_in_relation: columnsOf,
    /** the columns of `from` that `to` lacks, by name */
    get_missing_columns: (from: unknown, to: unknown) => {
      const present = new Set(columnsOf(to).map((c) => c.name));
      return columnsOf(from).filter((c) => !present.has(c.name));
    },
    create_schema: (relation: unknown) => statementsOf("create_schema", relation),
    drop_schema: (relation: unknown) => statementsOf("drop_schema", relation),
    drop_relation: (relation: unknown) => statementsOf("drop_relation", relation),
    rename_relation: (from: unknown, to: unknown) => statementsOf("rename_relation", from, to),
  };
}

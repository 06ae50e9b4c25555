/**
 * A query's answer as dbt templates read it (an agate Table): iterable and countable as its rows, each row readable
 * by position and by column name, with `.rows`, `.columns` (each with `.name` and `.values()`), `.column_names` and
 * `.print_table()`.
 */
import type { QueryResult } from "../engine/engine.js";

export type QueryRow = readonly unknown[] & Readonly<Record<string, unknown>>;

class TableColumn {
  // not a plain object, so nunjucks' Jinja compatibility leaves `.values()` to this class
  readonly [Symbol.toStringTag] = "Column";

  constructor(
    readonly name: string,
    readonly data_type: string,
    private readonly rows: readonly QueryRow[],
    private readonly index: number,
  ) {}

  values(): unknown[] {
    return this.rows.map((r) => r[this.index]);
  }
}

export type QueryTable = readonly QueryRow[] & {
  readonly rows: readonly QueryRow[];
  readonly columns: readonly TableColumn[] & Readonly<Record<string, TableColumn>>;
  readonly column_names: readonly string[];
  readonly column_types: readonly string[];
  print_table(): string;
};

export const EMPTY_RESULT: QueryResult = { columns: [], rows: [] };

/** A list whose items are also readable by name; a name an array already has (length, map…) stays the array's. */
function byName<T>(items: readonly T[], names: readonly string[]): T[] {
  const out = [...items];
  names.forEach((n, i) => {
    if (!(n in out)) Object.defineProperty(out, n, { value: items[i], enumerable: false });
  });
  return out;
}

export function queryTable(result: QueryResult): QueryTable {
  const names = result.columns.map((c) => c.name);
  const rows = result.rows.map((r) => byName(r, names) as unknown as QueryRow);
  const columns = byName(
    result.columns.map((c, i) => new TableColumn(c.name, c.type, rows, i)),
    names,
  );
  return Object.assign([...rows], {
    rows,
    columns,
    column_names: names,
    column_types: result.columns.map((c) => c.type),
    // agate prints to the console; tform templates print nothing
    print_table: () => "",
  }) as unknown as QueryTable;
}

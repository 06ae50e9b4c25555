/**
 * Column types of a seed, inferred as dbt-trino does (agate's type tester: integer, double when decimals
 * appear, date, timestamp, boolean, else varchar; empty cells are NULL), with `column_types` winning.
 */
const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?$/;
const BOOLEAN = /^(true|false)$/i;
const INT_MAX = 2 ** 31 - 1;

type Test = { readonly type: string; readonly accepts: (v: string) => boolean };

const TESTS: readonly Test[] = [
  { type: "integer", accepts: (v) => INTEGER.test(v) && Math.abs(Number(v)) <= INT_MAX },
  { type: "bigint", accepts: (v) => INTEGER.test(v) && v.replace(/^[-+]/, "").length <= 18 },
  { type: "double", accepts: (v) => NUMBER.test(v) },
  { type: "date", accepts: (v) => DATE.test(v) },
  { type: "timestamp", accepts: (v) => TIMESTAMP.test(v) },
  { type: "boolean", accepts: (v) => BOOLEAN.test(v) },
];

/** The first type (in dbt's order) every non-empty value of the column fits. */
export function inferColumnType(values: Iterable<string>): string {
  let candidates = TESTS;
  let seen = false;
  for (const v of values) {
    if (v === "") continue;
    seen = true;
    candidates = candidates.filter((t) => t.accepts(v));
    if (candidates.length === 0) return "varchar";
  }
  return seen ? candidates[0]!.type : "varchar";
}

export function seedColumnTypes(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  declared: Readonly<Record<string, string>> = {},
): { name: string; type: string }[] {
  const overrides = new Map(Object.entries(declared).map(([k, v]) => [k.toLowerCase(), v]));
  return header.map((name, i) => ({
    name,
    type:
      overrides.get(name.toLowerCase()) ??
      inferColumnType(
        (function* () {
          for (const r of rows) yield r[i] ?? "";
        })(),
      ),
  }));
}

/**
 * Jinja2's filters where nunjucks lacks one or differs: Jinja's keyword arguments (`sum(attribute='x')`,
 * `join(',', attribute='name')`), attribute paths with indexes (`map(attribute=0)`, `'a.0'`), Python
 * truthiness and str(), and dbt's own filters for YAML-rendered values.
 */
import type nunjucks from "nunjucks";
import { bindArgs, splitArgs } from "./call-args.js";
import { percentFormat } from "./python-format.js";
import { pythonMethod } from "./python-methods.js";
import { iterate, pythonOperators } from "./python-operators.js";
import { isDict, isText, isTuple, str, truthy, tuple } from "./python-values.js";

type Env = nunjucks.Environment;
type Filter = (value: unknown, ...args: unknown[]) => unknown;

const toList = (value: unknown): unknown[] =>
  value === null || value === undefined
    ? []
    : typeof value === "object" || isText(value)
      ? iterate(value, "the filtered value")
      : [value];

/** Jinja's attribute paths: `'a.b'`, `'items.0'`, or an index (`attribute=0`). */
function getter(attribute: unknown, fallback?: unknown): (item: unknown) => unknown {
  const parts = typeof attribute === "number" ? [attribute] : String(attribute).split(".");
  return (item) =>
    parts.reduce<unknown>(
      (v, k) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k]),
      item,
    ) ?? fallback;
}

const foldCase = (caseSensitive: unknown): ((v: unknown) => unknown) =>
  caseSensitive ? (v) => v : (v) => (isText(v) ? String(v).toLowerCase() : v);
const compare = (a: unknown, b: unknown): number =>
  (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;

/** Applies a Jinja test by name (`equalto`, `none`, `in`, …) as select and selectattr do. */
function testBy(env: Env, name: unknown, args: readonly unknown[]): (v: unknown) => boolean {
  if (name === undefined) return truthy;
  const test = (env as unknown as { getTest(n: string): (v: unknown, ...a: unknown[]) => boolean }).getTest(
    String(name),
  );
  return (v) => test(v, ...args);
}

function extreme(pick: (order: number) => boolean): Filter {
  return (value, ...raw) => {
    const [caseSensitive, attribute] = bindArgs(raw, ["case_sensitive", "attribute"]);
    const key = attribute === undefined ? (v: unknown) => v : getter(attribute);
    const fold = foldCase(caseSensitive);
    return toList(value).reduce(
      (best, v) => (best === undefined || pick(compare(fold(key(v)), fold(key(best)))) ? v : best),
      undefined,
    );
  };
}

function parseNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return Number(value);
  if (!isText(value)) return undefined;
  const s = String(value)
    .trim()
    .replace(/(?<=\d)_(?=\d)/g, "");
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) || /^[-+]?(inf(inity)?|nan)$/i.test(s)
    ? Number(s.replace(/inf(inity)?/i, "Infinity"))
    : undefined;
}

const BASE_PREFIX: Readonly<Record<number, string>> = { 16: "0x", 8: "0o", 2: "0b" };

function toInt(value: unknown, ...raw: unknown[]): unknown {
  const [fallback = 0, base = 10] = bindArgs(raw, ["default", "base"]);
  const b = Number(base);
  if (isText(value) && b !== 10) {
    const prefix = BASE_PREFIX[b] ?? "";
    const m = new RegExp(`^([-+]?)(?:${prefix})?([0-9a-z]+)$`, "i").exec(String(value).trim());
    if (m && [...m[2]!].every((c) => parseInt(c, 36) < b)) return (m[1] === "-" ? -1 : 1) * parseInt(m[2]!, b);
  }
  const n = parseNumber(value);
  return n === undefined || !Number.isFinite(n) ? fallback : Math.trunc(n);
}

function replace(value: unknown, ...raw: unknown[]): string {
  const [old, replacement, count] = bindArgs(raw, ["old", "new", "count"]);
  const s = str(value);
  const from = str(old);
  const to = str(replacement);
  const max = typeof count === "number" && count >= 0 ? count : Infinity;
  if (from === "") return [...s, ""].map((ch, i) => (i < max ? to + ch : ch)).join("");
  let out = "";
  let at = 0;
  for (let done = 0; done < max; done++) {
    const i = s.indexOf(from, at);
    if (i < 0) break;
    out += s.slice(at, i) + to;
    at = i + from.length;
  }
  return out + s.slice(at);
}

function groupby(value: unknown, ...raw: unknown[]): unknown[] {
  const [attribute, fallback, caseSensitive] = bindArgs(raw, ["attribute", "default", "case_sensitive"]);
  const key = getter(attribute, fallback);
  const fold = foldCase(caseSensitive);
  // each group is a (grouper, list) tuple that also has those two names as attributes
  const groups: { grouper: unknown; list: unknown[] }[] = [];
  for (const item of [...toList(value)].sort((a, b) => compare(fold(key(a)), fold(key(b))))) {
    const last = groups[groups.length - 1];
    if (last && compare(fold(last.grouper), fold(key(item))) === 0) last.list.push(item);
    else {
      const list = [item];
      groups.push(Object.assign(tuple([key(item), list]), { grouper: key(item), list }));
    }
  }
  return groups;
}

const FILTERS = (env: Env): Readonly<Record<string, Filter>> => ({
  map: (value, ...raw) => {
    const { positional, kwargs } = splitArgs(raw);
    if ("attribute" in kwargs) return toList(value).map(getter(kwargs.attribute, kwargs.default));
    const [filterName, ...rest] = positional;
    const filter = (env as unknown as { getFilter(n: string): Filter }).getFilter(String(filterName));
    return toList(value).map((i) => filter(i, ...rest));
  },
  selectattr: (value, attribute, test, ...args) =>
    toList(value).filter((i) => testBy(env, test, args)(getter(attribute)(i))),
  rejectattr: (value, attribute, test, ...args) =>
    toList(value).filter((i) => !testBy(env, test, args)(getter(attribute)(i))),
  select: (value, test, ...args) => toList(value).filter(testBy(env, test, args)),
  reject: (value, test, ...args) => toList(value).filter((i) => !testBy(env, test, args)(i)),
  unique: (value, ...raw) => {
    const [caseSensitive, attribute] = bindArgs(raw, ["case_sensitive", "attribute"]);
    const key = attribute === undefined ? (v: unknown) => v : getter(attribute);
    const fold = foldCase(caseSensitive);
    const seen = new Set<unknown>();
    return toList(value).filter((v) => !seen.has(fold(key(v))) && seen.add(fold(key(v))));
  },
  sum: (value, ...raw) => {
    const [attribute, start = 0] = bindArgs(raw, ["attribute", "start"]);
    const key = attribute === undefined ? (v: unknown) => v : getter(attribute);
    return toList(value).reduce((total, v) => pythonOperators.add(total, key(v)), start);
  },
  join: (value, ...raw) => {
    const [separator = "", attribute] = bindArgs(raw, ["d", "attribute"]);
    const key = attribute === undefined ? (v: unknown) => v : getter(attribute);
    return toList(value)
      .map((v) => str(key(v)))
      .join(str(separator));
  },
  dictsort: (value, ...raw) => {
    const [caseSensitive, by = "key", reverse] = bindArgs(raw, ["case_sensitive", "by", "reverse"]);
    if (by !== "key" && by !== "value") throw new Error("dictsort: you can only sort by either 'key' or 'value'");
    const fold = foldCase(caseSensitive);
    const at = by === "key" ? 0 : 1;
    const items = Object.entries((value ?? {}) as object).map((e) => tuple(e));
    return items.sort((a, b) => compare(fold(a[at]), fold(b[at])) * (reverse ? -1 : 1));
  },
  default: (value, ...raw) => {
    const [fallback = "", boolean] = bindArgs(raw, ["default_value", "boolean"]);
    return value === undefined || (boolean && !truthy(value)) ? fallback : value;
  },
  batch: (value, ...raw) => {
    const [size, fill] = bindArgs(raw, ["linecount", "fill_with"]);
    const rows: unknown[][] = [];
    for (const item of toList(value))
      (rows.length && rows[rows.length - 1]!.length < Number(size)
        ? rows[rows.length - 1]!
        : rows[rows.push([]) - 1]!
      ).push(item);
    const lastRow = rows[rows.length - 1];
    while (fill !== undefined && fill !== null && lastRow && lastRow.length < Number(size)) lastRow.push(fill);
    return rows;
  },
  groupby,
  int: toInt,
  float: (value, ...raw) => {
    const n = parseNumber(value);
    return n === undefined ? (bindArgs(raw, ["default"])[0] ?? 0) : n;
  },
  string: (value) => str(value),
  lower: (value) => str(value).toLowerCase(),
  upper: (value) => str(value).toUpperCase(),
  replace,
  trim: (value, ...raw) => pythonMethod(str(value), "strip")!(bindArgs(raw, ["chars"])[0]),
  format: (value, ...raw) => {
    const { positional, kwargs } = splitArgs(raw);
    return percentFormat(str(value), Object.keys(kwargs).length > 0 ? kwargs : tuple([...positional]));
  },
  // an attribute, not a dict key (as Python's getattr)
  attr: (value, name) =>
    value === null || value === undefined || isDict(value)
      ? undefined
      : (value as Record<string, unknown>)[String(name)],
  min: extreme((order) => order < 0),
  max: extreme((order) => order > 0),
  tojson: (value, indent) => JSON.stringify(value, null, indent as number | undefined),
  list: (value) => [...toList(value)],
  items: (value) => Object.entries((value ?? {}) as object).map((e) => tuple(e)),
  // dbt's own filters for YAML-rendered values
  as_bool: (v) => (typeof v === "string" ? /^(true|1|yes)$/i.test(v.trim()) : Boolean(v)),
  as_number: (v) => Number(v),
  as_text: (v) => (v === null || v === undefined ? "" : String(v)),
  as_native: (v) => v,
  is_list: (v) => Array.isArray(v) && !isTuple(v),
});

export function addJinjaFilters(env: Env): void {
  const filters = FILTERS(env);
  for (const [name, filter] of Object.entries(filters)) env.addFilter(name, filter);
  env.addFilter("d", filters.default!);
  env.addFilter("count", (env as unknown as { getFilter(n: string): Filter }).getFilter("length"));
}

/**
 * What compiled templates call for Python's operators (see render/jinja/): `+` concatenating lists,
 * `*` repeating, `%` formatting strings, `~` and `{{ }}` printing with str(), `in` and `==` by value,
 * `*xs` / `**kw`, unpacking, namespaces and `loop.changed()`.
 */
import { percentFormat } from "./python-format.js";
import { eq, isDict, isText, isTuple, repr, str, truthy, tuple } from "./python-values.js";

/** Jinja's namespace(): the one object `{% set ns.attr = … %}` may assign to. */
export class Namespace {
  constructor(attrs: Record<string, unknown>) {
    Object.assign(this, attrs);
  }

  toString(): string {
    return `<Namespace ${repr({ ...this })}>`;
  }
}

export function namespace(...args: unknown[]): Namespace {
  return new Namespace(Object.assign({}, ...args.map(keywordsOf)) as Record<string, unknown>);
}

/** Jinja's dict(): `dict(a=1)`, `dict(other)`, `dict([('a', 1)])` */
export function dict(...args: unknown[]): Record<string, unknown> {
  return Object.assign(
    {},
    ...args.map((a) => (Array.isArray(a) ? Object.fromEntries(a as [string, unknown][]) : keywordsOf(a))),
  ) as Record<string, unknown>;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return isTuple(value) ? "tuple" : "list";
  return isDict(value) ? "dict" : isText(value) ? "str" : typeof value;
}

/** The items of `*xs`, of `for`-like unpacking, of `in`: Python's iteration (a dict yields its keys). */
export function iterate(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isText(value)) return [...String(value)];
  if (value !== null && typeof value === "object")
    return Symbol.iterator in value ? Array.from(value as Iterable<unknown>) : Object.keys(value);
  throw new TypeError(`${what} must be an iterable, not ${typeName(value)}`);
}

/** The keyword arguments of `**kw`, without nunjucks' marker. */
export function keywordsOf(value: unknown): Record<string, unknown> {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError(`argument after ** must be a mapping, not ${typeName(value)}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== "__keywords") out[k] = v;
  return out;
}

export const pythonOperators = {
  truthy,
  eq,
  tuple,
  add(a: unknown, b: unknown): unknown {
    if (typeof a === "number" && typeof b === "number") return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
    if (isText(a) && isText(b)) return String(a) + String(b);
    return (a as number) + (b as number);
  },
  mul(a: unknown, b: unknown): unknown {
    const [seq, times] = typeof a === "number" ? [b, a] : [a, b];
    if (typeof times === "number" && isText(seq)) return String(seq).repeat(Math.max(times, 0));
    if (typeof times === "number" && Array.isArray(seq))
      return Array.from({ length: Math.max(times, 0) }, () => seq).flat(1);
    return (a as number) * (b as number);
  },
  mod(a: unknown, b: unknown): unknown {
    if (isText(a)) return percentFormat(String(a), b);
    if (typeof a !== "number" || typeof b !== "number") return (a as number) % (b as number);
    if (b === 0) throw new Error("ZeroDivisionError: integer division or modulo by zero");
    const r = a % b;
    // Python's result takes the sign of the divisor: -7 % 3 == 2
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  },
  concat: (a: unknown, b: unknown): string => str(a) + str(b),
  /** what `{{ value }}` prints */
  suppressValue: (value: unknown): string => (typeof value === "string" ? value : str(value)),
  inOperator(item: unknown, container: unknown): boolean {
    if (Array.isArray(container)) return container.some((x) => eq(x, item));
    if (isText(container)) return String(container).includes(str(item));
    if (container instanceof Set || container instanceof Map) return container.has(item);
    if (container !== null && typeof container === "object") return String(item) in container;
    throw new TypeError(`argument of type '${typeName(container)}' is not iterable`);
  },
  splat: (value: unknown): unknown[] => iterate(value, "argument after *"),
  keywordsOf,
  unpack(value: unknown, count: number): unknown[] {
    const items = iterate(value, "the value to unpack");
    if (items.length !== count)
      throw new TypeError(
        items.length > count
          ? `too many values to unpack (expected ${count})`
          : `not enough values to unpack (expected ${count}, got ${items.length})`,
      );
    return items;
  },
  setAttr(target: unknown, name: string, value: unknown): void {
    if (!(target instanceof Namespace))
      throw new TypeError(
        `cannot assign attribute '${name}' on a ${typeName(target)}: {% set x.${name} = … %} needs x = namespace(…)`,
      );
    (target as unknown as Record<string, unknown>)[name] = value;
  },
  /** what `{% for %}` iterates: a dict's keys (its items for `for k, v in d`), a string's characters; `keep` filters them */
  loopItems(value: unknown, pairs: boolean, keep?: (item: unknown) => boolean): unknown {
    let items = value;
    if (isDict(value)) items = pairs ? Object.entries(value) : Object.keys(value);
    else if (value instanceof Map) items = [...(pairs ? value.entries() : value.keys())];
    else if (typeof value === "object" && value !== null && !Array.isArray(value) && Symbol.iterator in value)
      items = Array.from(value as Iterable<unknown>);
    return keep && items ? iterate(items, "the loop's items").filter(keep) : items;
  },
  /** loop.changed(value): true on the first call and whenever the value differs from the last call's */
  loopChanged(): (...values: unknown[]) => boolean {
    let last: unknown[] | undefined;
    return (...values) => {
      const changed = last === undefined || !eq(last, values);
      last = values;
      return changed;
    };
  },
};

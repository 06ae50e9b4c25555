/**
 * Python's view of template values: truthiness ([] and {} are false), `==` by value, str() and repr()
 * (`None`, `True`, `['a', 'b']`, `{'a': 1}`), and tuples (arrays marked as such, printed `(1, 2)`).
 */
import nunjucks from "nunjucks";

const SafeString = (nunjucks.runtime as unknown as { SafeString: new (s: string) => { length: number } }).SafeString;

/** arrays that are Python tuples (a WeakSet keeps the arrays' shape as it is) */
const TUPLES = new WeakSet<unknown[]>();

/** Marks an array as a Python tuple (for printing and for `%` formatting). */
export function tuple<T extends unknown[]>(items: T): T {
  TUPLES.add(items);
  return items;
}

export const isTuple = (value: unknown): boolean => Array.isArray(value) && TUPLES.has(value);

/** A plain object: what a Python dict is in tform (a class instance is an object with attributes). */
export function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export const isText = (value: unknown): value is string | String =>
  typeof value === "string" || value instanceof SafeString;

export function truthy(value: unknown): boolean {
  if (!value) return false;
  if (typeof value !== "object") return true;
  if (Array.isArray(value) || value instanceof SafeString) return (value as { length: number }).length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  if (isDict(value)) {
    for (const _ in value) return true;
    return false;
  }
  return true;
}

export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // tform has no Undefined object: a missing value and none compare equal
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === "number" || ta === "boolean") && (tb === "number" || tb === "boolean")) return Number(a) === Number(b);
  if (isText(a) || isText(b)) return isText(a) && isText(b) && String(a) === String(b);
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => eq(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && eq(a[k], b[k]))
    );
  }
  // objects of one class that print the same (relations) are equal, as dbt's dataclasses compare by fields
  return (
    ta === "object" &&
    tb === "object" &&
    Object.getPrototypeOf(a) === Object.getPrototypeOf(b) &&
    hasOwnString(a) &&
    String(a) === String(b)
  );
}

const hasOwnString = (value: unknown): boolean =>
  (value as { toString: unknown }).toString !== Object.prototype.toString;

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch < " " || ch === "\x7f") out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return quote + out + quote;
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  return String(n);
}

/** Python's repr(): how a value looks inside a printed list or dict. */
export function repr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return numberText(value);
  if (isText(value)) return reprString(String(value));
  if (Array.isArray(value)) {
    const items = value.map(repr);
    if (!isTuple(value)) return `[${items.join(", ")}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  if (value instanceof Set) return value.size === 0 ? "set()" : `{${[...value].map(repr).join(", ")}}`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(", ")}}`;
  if (isDict(value) && !hasOwnString(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${reprString(k)}: ${repr(v)}`)
      .join(", ")}}`;
  if (typeof value === "function") return `<function ${value.name || "<anonymous>"}>`;
  return String(value);
}

/** Python's str(), with nothing for a missing value (Jinja's Undefined prints as ''). */
export function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  if (value instanceof SafeString) return String(value);
  return repr(value);
}

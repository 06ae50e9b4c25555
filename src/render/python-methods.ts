/**
 * Python string and list methods that dbt projects call on values (`name.upper()`, `s.split(',')`,
 * `"{}_{}".format(a, b)`); nunjucks' Jinja compatibility covers most list and dict methods but no str methods.
 */
import { splitArgs } from "./call-args.js";
import { strFormat } from "./python-format.js";
import { isDict, str, tuple } from "./python-values.js";

const stripChars = (s: string, chars: string | undefined, left: boolean, right: boolean): string => {
  if (chars === undefined || chars === null) return left && right ? s.trim() : left ? s.trimStart() : s.trimEnd();
  let start = 0;
  let end = s.length;
  if (left) while (start < end && chars.includes(s[start]!)) start++;
  if (right) while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
};

type StringMethod = (s: string, ...args: unknown[]) => unknown;

const STRING_METHODS: Readonly<Record<string, StringMethod>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => stripChars(s, chars as string | undefined, true, true),
  lstrip: (s, chars) => stripChars(s, chars as string | undefined, true, false),
  rstrip: (s, chars) => stripChars(s, chars as string | undefined, false, true),
  split: (s, sep, maxsplit) => {
    const parts =
      sep === undefined || sep === null
        ? s
            .trim()
            .split(/\s+/)
            .filter((p) => p !== "")
        : s.split(String(sep));
    const max = typeof maxsplit === "number" && maxsplit >= 0 ? maxsplit : -1;
    if (max < 0 || parts.length <= max + 1) return parts;
    return [...parts.slice(0, max), parts.slice(max).join(sep === undefined || sep === null ? " " : String(sep))];
  },
  replace: (s, from, to) => s.split(String(from)).join(String(to)),
  startswith: (s, prefix) =>
    Array.isArray(prefix) ? prefix.some((p) => s.startsWith(String(p))) : s.startsWith(String(prefix)),
  endswith: (s, suffix) =>
    Array.isArray(suffix) ? suffix.some((p) => s.endsWith(String(p))) : s.endsWith(String(suffix)),
  format: (s, ...args) => {
    const { positional, kwargs } = splitArgs(args);
    return strFormat(s, positional, kwargs);
  },
  title: (s) => s.replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => (s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1).toLowerCase()),
  join: (s, items) => Array.from(items as Iterable<unknown>, str).join(s),
  find: (s, sub) => s.indexOf(String(sub)),
  count: (s, sub) => s.split(String(sub)).length - 1,
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isupper: (s) => s.toUpperCase() === s && s.toLowerCase() !== s,
  islower: (s) => s.toLowerCase() === s && s.toUpperCase() !== s,
  zfill: (s, width) => s.padStart(Number(width), "0"),
  ljust: (s, width, fill) => s.padEnd(Number(width), (fill as string | undefined) ?? " "),
  rjust: (s, width, fill) => s.padStart(Number(width), (fill as string | undefined) ?? " "),
};

const LIST_METHODS: Readonly<Record<string, (xs: unknown[], ...args: unknown[]) => unknown>> = {
  extend: (xs, more) => {
    xs.push(...(more as unknown[]));
    return "";
  },
  copy: (xs) => [...xs],
};

/** dict methods nunjucks' Jinja compatibility lacks or gives another shape (items are tuples) */
const DICT_METHODS: Readonly<Record<string, (d: Record<string, unknown>, ...args: unknown[]) => unknown>> = {
  items: (d) => Object.entries(d).map((e) => tuple(e)),
  copy: (d) => ({ ...d }),
};

/** A method of a Python str, list or dict for `obj.name`, or undefined when Python has none by that name. */
export function pythonMethod(obj: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (typeof obj === "string" || obj instanceof String) {
    const m = Object.prototype.hasOwnProperty.call(STRING_METHODS, name) ? STRING_METHODS[name] : undefined;
    return m && ((...args: unknown[]) => m(String(obj), ...args));
  }
  if (Array.isArray(obj)) {
    const m = Object.prototype.hasOwnProperty.call(LIST_METHODS, name) ? LIST_METHODS[name] : undefined;
    return m && ((...args: unknown[]) => m(obj, ...args));
  }
  // a dict's own key of the same name wins (see memberLookup)
  if (isDict(obj) && !(name in obj)) {
    const m = Object.prototype.hasOwnProperty.call(DICT_METHODS, name) ? DICT_METHODS[name] : undefined;
    return m && ((...args: unknown[]) => m(obj, ...args));
  }
  return undefined;
}

/** Jinja filters and tests that dbt projects use and nunjucks lacks (or implements with fewer arguments). */
import type nunjucks from "nunjucks";
import { splitArgs } from "./call-args.js";

type Env = nunjucks.Environment;

const attr = (item: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k]), item);

const toList = (value: unknown): unknown[] => {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return value.split("");
  if (typeof value === "object" && Symbol.iterator in value) return Array.from(value as Iterable<unknown>);
  if (typeof value === "object") return Object.keys(value);
  return [value];
};

/** Applies a Jinja test by name (`equalto`, `none`, `in`, …) as selectattr/select do. */
function testBy(env: Env, name: string | undefined, args: readonly unknown[]): (v: unknown) => boolean {
  if (name === undefined) return (v) => Boolean(v);
  const test = (env as unknown as { getTest(n: string): (v: unknown, ...a: unknown[]) => boolean }).getTest(name);
  return (v) => test(v, ...args);
}

const JINJA_TESTS: Readonly<Record<string, (value: unknown, ...args: unknown[]) => boolean>> = {
  none: (v) => v === null || v === undefined,
  true: (v) => v === true,
  false: (v) => v === false,
  boolean: (v) => typeof v === "boolean",
  integer: (v) => Number.isInteger(v),
  float: (v) => typeof v === "number" && !Number.isInteger(v),
  sequence: (v) => Array.isArray(v) || typeof v === "string",
  in: (v, container) => (typeof container === "string" ? container.includes(String(v)) : toList(container).includes(v)),
};

export function addJinjaFilters(env: Env): void {
  env.addFilter("map", (value: unknown, ...raw: unknown[]) => {
    const { positional, kwargs } = splitArgs(raw);
    const items = toList(value);
    if (typeof kwargs.attribute === "string") {
      const name = kwargs.attribute;
      return items.map((i) => attr(i, name) ?? kwargs.default);
    }
    const [filterName, ...rest] = positional as [string, ...unknown[]];
    const filter = (env as unknown as { getFilter(n: string): (...a: unknown[]) => unknown }).getFilter(filterName);
    return items.map((i) => filter(i, ...rest));
  });
  env.addFilter("selectattr", (value: unknown, name: string, test?: string, ...args: unknown[]) => {
    const pass = testBy(env, test, args);
    return toList(value).filter((i) => pass(attr(i, name)));
  });
  env.addFilter("rejectattr", (value: unknown, name: string, test?: string, ...args: unknown[]) => {
    const pass = testBy(env, test, args);
    return toList(value).filter((i) => !pass(attr(i, name)));
  });
  env.addFilter("select", (value: unknown, test?: string, ...args: unknown[]) => toList(value).filter(testBy(env, test, args)));
  env.addFilter("reject", (value: unknown, test?: string, ...args: unknown[]) => {
    const pass = testBy(env, test, args);
    return toList(value).filter((i) => !pass(i));
  });
  env.addFilter("tojson", (value: unknown, indent?: number) => JSON.stringify(value, null, indent));
  env.addFilter("unique", (value: unknown) => [...new Set(toList(value))]);
  env.addFilter("list", (value: unknown) => [...toList(value)]);
  env.addFilter("items", (value: unknown) => Object.entries((value ?? {}) as object));
  env.addFilter("min", (value: unknown) => toList(value).reduce((a, b) => ((a as number) <= (b as number) ? a : b)));
  env.addFilter("max", (value: unknown) => toList(value).reduce((a, b) => ((a as number) >= (b as number) ? a : b)));
  // dbt's own filters for YAML-rendered values
  env.addFilter("as_bool", (v: unknown) => (typeof v === "string" ? /^(true|1|yes)$/i.test(v.trim()) : Boolean(v)));
  env.addFilter("as_number", (v: unknown) => Number(v));
  env.addFilter("as_text", (v: unknown) => (v === null || v === undefined ? "" : String(v)));
  env.addFilter("as_native", (v: unknown) => v);
  const withTests = env as unknown as { addTest(name: string, fn: (v: unknown, ...a: unknown[]) => boolean): void };
  for (const [name, test] of Object.entries(JINJA_TESTS)) withTests.addTest(name, test);
}

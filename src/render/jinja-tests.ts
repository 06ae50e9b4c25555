/** Jinja2's tests (`x is …`), where nunjucks lacks one or means something else by it. */
import type nunjucks from "nunjucks";
import { Namespace, iterate } from "./python-operators.js";
import { eq, isDict, isText, str } from "./python-values.js";

type Test = (value: unknown, ...args: unknown[]) => boolean;

const contains = (container: unknown, v: unknown): boolean =>
  isText(container)
    ? String(container).includes(str(v))
    : iterate(container, "the right side of 'in'").some((x) => eq(x, v));
const letters = (v: unknown): string => str(v).replace(/[^\p{L}]/gu, "");

const JINJA_TESTS: Readonly<Record<string, Test>> = {
  // tform's functions answer undefined where dbt's answer None (config.get of a missing key)
  none: (v) => v === null || v === undefined,
  true: (v) => v === true,
  false: (v) => v === false,
  boolean: (v) => typeof v === "boolean",
  // Python's bool is a number too
  number: (v) => typeof v === "number" || typeof v === "boolean",
  integer: (v) => Number.isInteger(v),
  float: (v) => typeof v === "number" && !Number.isInteger(v),
  string: (v) => isText(v),
  // dbt's relations are Mappings too: any object but a list, string, set or namespace
  mapping: (v) =>
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    !isText(v) &&
    !(v instanceof Set) &&
    !(v instanceof Namespace),
  iterable: (v) => isText(v) || (typeof v === "object" && v !== null && (Symbol.iterator in v || isDict(v))),
  sequence: (v) => isText(v) || Array.isArray(v) || isDict(v),
  callable: (v) => typeof v === "function",
  sameas: (v, other) => v === other || (v == null && other == null),
  divisibleby: (v, n) => (v as number) % (n as number) === 0,
  lower: (v) => letters(v) !== "" && letters(v) === letters(v).toLowerCase(),
  upper: (v) => letters(v) !== "" && letters(v) === letters(v).toUpperCase(),
  in: (v, container) => contains(container, v),
  eq: (a, b) => eq(a, b),
  ne: (a, b) => !eq(a, b),
  lt: (a, b) => (a as number) < (b as number),
  le: (a, b) => (a as number) <= (b as number),
  gt: (a, b) => (a as number) > (b as number),
  ge: (a, b) => (a as number) >= (b as number),
};

const ALIASES: Readonly<Record<string, string>> = {
  equalto: "eq",
  "==": "eq",
  "!=": "ne",
  lessthan: "lt",
  "<": "lt",
  "<=": "le",
  greaterthan: "gt",
  ">": "gt",
  ">=": "ge",
};

export function addJinjaTests(env: nunjucks.Environment): void {
  const withTests = env as unknown as { addTest(name: string, fn: Test): void };
  for (const [name, test] of Object.entries(JINJA_TESTS)) withTests.addTest(name, test);
  for (const [alias, name] of Object.entries(ALIASES)) withTests.addTest(alias, JINJA_TESTS[name]!);
}

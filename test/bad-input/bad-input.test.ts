import { describe, expect, it } from "vitest";
import { ALL_CASES } from "./bad-input-cases.js";
import { runCase, type BadInputCase } from "./bad-input-harness.js";

/**
 * Rows that are not clean yet (issue 15, item 7): each runs as an expected failure, so fixing one fails here
 * until its name leaves this list.
 */
const NOT_CLEAN_YET = new Set([
  "require-dbt-version that excludes 1.11",
  "properties version: 3",
  "accepted_values without values",
  "relationships to an unknown model, at the test's line",
  "two sources of one name",
  "doc() of an unknown block",
  "unique_key=123",
  "enabled='no'",
  "tags is a number",
  "schema is a list",
  "alias is a number",
  "properties is a string",
  "partitioning by an unknown transform",
  "post_hook is a number",
  "post_hook with broken Jinja",
  "post_hook calling an undefined macro",
  "persist_docs is a string",
  "config() with a positional argument",
  "a model that is a directory",
  "a symlink loop as a model",
  "a dangling symlink as a model",
  "column_types of a seed naming a missing column",
  "--select with a stray operator",
  "--select a graph depth that is not a number",
]);

async function expectClean(c: BadInputCase): Promise<void> {
  const out = await runCase(c);
  expect({ exit: out.exit, code: out.code ?? "", at: out.at }, out.stderr).toEqual({
    exit: c.exit,
    code: c.code,
    at: c.at,
  });
}

describe("bad input: a located error with the README's exit code, never exit 0 or 70", () => {
  it("has at least 88 cases, each named once", () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(88);
    expect(new Set(ALL_CASES.map((c) => c.name)).size).toBe(ALL_CASES.length);
    for (const name of NOT_CLEAN_YET)
      expect(
        ALL_CASES.some((c) => c.name === name),
        name,
      ).toBe(true);
  });
  for (const c of ALL_CASES) {
    if (NOT_CLEAN_YET.has(c.name)) it.fails(`${c.name} (not clean yet)`, () => expectClean(c));
    else it(c.name, () => expectClean(c));
  }
});

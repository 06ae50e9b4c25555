import { describe, expect, it } from "vitest";
import { renderedBy } from "./render-each.js";

describe("the render context", () => {
  it("flags.FULL_REFRESH is true only on a --full-refresh run, not whenever a model builds from scratch", async () => {
    const flag = "'full' if flags.FULL_REFRESH else 'not full'";
    expect(Object.values(await renderedBy([flag], { run: { isIncremental: false } }))).toEqual(["not full"]);
    expect(Object.values(await renderedBy([flag], { run: { isIncremental: false, fullRefresh: true } }))).toEqual([
      "full",
    ]);
  });

  it("zip stops at the shortest list, as Python's", async () => {
    expect(Object.values(await renderedBy(["zip([1, 2, 3], ['a', 'b']) | map('join', '') | join(',')"]))).toEqual([
      "1a,2b",
    ]);
  });
});

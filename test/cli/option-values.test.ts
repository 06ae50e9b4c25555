import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { referenceName, threadCount } from "../../src/cli/option-values.js";

describe("option values", () => {
  it("takes whole thread counts of 1 or more", () => {
    expect(threadCount("4")).toBe(4);
    for (const bad of ["0", "-2", "1.5", "many", "", "1e3"])
      expect(() => threadCount(bad), bad).toThrow(InvalidArgumentError);
  });

  it("takes the branch and tag names Nessie accepts, and refuses those it answers with HTTP 400", () => {
    // measured on Nessie 0.99: these are created, the others refused
    for (const ok of ["A", "dev", "a.b", "a/b", "a_b", "a-b", "ci-1234", "feature/orders"])
      expect(referenceName(ok)).toBe(ok);
    for (const bad of ["dev..x", "my branch", "dev/", "x.", "1abc", "-x", "_x", "a@b", "é", ""])
      expect(() => referenceName(bad), bad).toThrow(InvalidArgumentError);
  });
});

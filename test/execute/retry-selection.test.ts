import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { retrySelection } from "../../src/execute/retry-selection.js";

const withResults = (content: unknown): string => {
  const root = mkdtempSync(join(tmpdir(), "tform-retry-"));
  mkdirSync(join(root, "target"));
  writeFileSync(join(root, "target", "run_results.json"), JSON.stringify(content));
  return root;
};
const result = (unique_id: string, status: string) => ({ unique_id, status });

describe("tform retry selects what the last run did not finish", () => {
  it("the errored, failed and skipped nodes of the last command, on its branch", async () => {
    const root = withResults({
      metadata: { command: "build" },
      branch: { name: "ci_42" },
      results: [
        result("model.p.ok", "success"),
        result("model.p.broken", "error"),
        result("model.p.child", "skipped"),
        result("test.p.not_null_child_id.1a2b3c", "fail"),
        result("test.p.unique_ok_id.9f8e7d", "pass"),
      ],
    });
    expect(await retrySelection(root, "target")).toEqual({
      command: "build",
      branch: "ci_42",
      select: ["broken", "child", "not_null_child_id"],
    });
  });

  it("says there is nothing to retry without run_results.json, naming the file", async () => {
    const root = mkdtempSync(join(tmpdir(), "tform-retry-"));
    await expect(retrySelection(root, "target")).rejects.toMatchObject({
      code: "TF515",
      location: { file: "target/run_results.json" },
    });
  });
});

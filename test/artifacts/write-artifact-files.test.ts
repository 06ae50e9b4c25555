import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readWrittenIndex, writeArtifactFiles, writeChangedFiles } from "../../src/artifacts/write-artifact-files.js";

describe("writeArtifactFiles", () => {
  it("creates folders and writes every file", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "tform-art-"));
    const files = Array.from({ length: 200 }, (_, i) => ({
      path: `target/compiled/p/models/f${i % 7}/m${i}.sql`,
      content: `select ${i}`,
    }));
    await writeArtifactFiles(root, files);
    expect(readFileSync(path.join(root, "target/compiled/p/models/f3/m199.sql"), "utf8")).toBe("select 199");
  });
});

describe("writeChangedFiles", () => {
  it("rewrites only files whose content changed since the previous run", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "tform-art-"));
    const index = "target/compiled/.tform-written";
    const first = [
      { path: "target/compiled/a.sql", content: "select 1" },
      { path: "target/compiled/b.sql", content: "select 2" },
    ];
    expect(await writeChangedFiles(root, index, await readWrittenIndex(path.join(root, index)), first)).toEqual({
      written: 2,
      unchanged: 0,
    });
    // a file touched behind our back shows whether it was rewritten
    writeFileSync(path.join(root, "target/compiled/a.sql"), "select 1");
    const aBefore = statSync(path.join(root, "target/compiled/a.sql")).mtimeMs;
    const second = [
      { path: "target/compiled/a.sql", content: "select 1" },
      { path: "target/compiled/b.sql", content: "select 22" },
    ];
    expect(await writeChangedFiles(root, index, await readWrittenIndex(path.join(root, index)), second)).toEqual({
      written: 1,
      unchanged: 1,
    });
    expect(readFileSync(path.join(root, "target/compiled/b.sql"), "utf8")).toBe("select 22");
    expect(statSync(path.join(root, "target/compiled/a.sql")).mtimeMs).toBe(aBefore);
  });

  it("writes everything when there is no index", async () => {
    expect((await readWrittenIndex("/nonexistent/.tform-written")).size).toBe(0);
  });
});

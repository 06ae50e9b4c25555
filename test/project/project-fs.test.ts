/** The loader's file listing follows symbolic links (tform deps links local packages), without looping. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeProjectFs } from "../../src/project/project-fs.js";

describe("nodeProjectFs.listFiles", () => {
  it("lists files inside linked folders and linked files, and walks a link back to an ancestor once", async () => {
    const base = mkdtempSync(join(tmpdir(), "tform-fs-"));
    mkdirSync(join(base, "pkg/macros"), { recursive: true });
    writeFileSync(join(base, "pkg/macros/a.sql"), "");
    mkdirSync(join(base, "project/dbt_packages"), { recursive: true });
    writeFileSync(join(base, "project/file.txt"), "");
    symlinkSync(join(base, "pkg"), join(base, "project/dbt_packages/pkg"));
    symlinkSync(join(base, "project/file.txt"), join(base, "project/dbt_packages/linked.txt"));
    symlinkSync(join(base, "project"), join(base, "project/dbt_packages/loop"));
    expect(await nodeProjectFs.listFiles(join(base, "project"))).toEqual([
      "dbt_packages/linked.txt",
      "dbt_packages/pkg/macros/a.sql",
      "file.txt",
    ]);
    expect(await nodeProjectFs.listFiles(join(base, "missing"))).toEqual([]);
  });
});

import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireWritableTarget } from "../../src/artifacts/target-folder.js";
import { ProjectError } from "../../src/errors.js";

describe("requireWritableTarget", () => {
  it("creates a missing target folder and leaves no probe behind", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-target-"));
    await requireWritableTarget(root, "out/target");
    expect(await readdir(join(root, "out", "target"))).toEqual([]);
  });

  it("names the folder and the cause when a file is in its way", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-target-"));
    await writeFile(join(root, "target"), "not a folder");
    const err = await requireWritableTarget(root, "target").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectError);
    expect(err).toMatchObject({ code: "TF136" });
    expect((err as Error).message).toMatch(/^The target folder target\/ cannot be written: a file is in the way/);
    expect((err as Error).message).toContain(join(root, "target"));
  });
});

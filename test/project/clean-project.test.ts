/** `tform clean`: clean-targets deleted, the target path by default, nothing outside the project or a source folder. */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanProject } from "../../src/project/clean-project.js";
import { tform } from "../cli/cli-harness.js";
import { diskProject } from "../operations/disk-project.js";

describe("cleanProject", () => {
  it("deletes only the target path by default (dbt 1.11's default clean-targets)", async () => {
    const root = diskProject({
      "target/manifest.json": "{}",
      "dbt_packages/p/dbt_project.yml": "name: p\n",
      "models/m.sql": "select 1",
    });
    expect(await cleanProject({ projectDir: root, env: {} })).toEqual({ removed: ["target"], absent: [] });
    expect(existsSync(join(root, "target"))).toBe(false);
    expect(existsSync(join(root, "dbt_packages/p/dbt_project.yml"))).toBe(true);
  });

  it("deletes every listed folder, reporting those that were not there", async () => {
    const root = diskProject({
      "dbt_project.yml":
        'name: shop\nprofile: shop\ntarget-path: out\nclean-targets: ["out", "dbt_packages", "logs/"]\n',
      "out/x": "1",
      "dbt_packages/p/a": "1",
    });
    expect(await cleanProject({ projectDir: root, env: {} })).toEqual({
      removed: ["out", "dbt_packages"],
      absent: ["logs"],
    });
  });

  it("refuses, deleting nothing, a folder outside the project, the project itself, or a source folder", async () => {
    const outside = diskProject({
      "dbt_project.yml": 'name: shop\nprofile: shop\nclean-targets: ["target", "../elsewhere"]\n',
      "target/x": "1",
    });
    mkdirSync(join(outside, "../elsewhere"), { recursive: true });
    await expect(cleanProject({ projectDir: outside, env: {} })).rejects.toMatchObject({
      code: "TF134",
      location: { file: "dbt_project.yml", line: 3 },
    });
    expect(existsSync(join(outside, "target/x"))).toBe(true);
    expect(existsSync(join(outside, "../elsewhere"))).toBe(true);
    const itself = diskProject({ "dbt_project.yml": 'name: shop\nprofile: shop\nclean-targets: ["."]\n' });
    await expect(cleanProject({ projectDir: itself, env: {} })).rejects.toThrow(/outside the project/);
    const source = diskProject({
      "dbt_project.yml": 'name: shop\nprofile: shop\nclean-targets: ["target", "models"]\n',
      "models/m.sql": "select 1",
    });
    await expect(cleanProject({ projectDir: source, env: {} })).rejects.toThrow(
      /will not clean these source folders: models/,
    );
    expect(existsSync(join(source, "models/m.sql"))).toBe(true);
  });

  it("runs from the CLI with dbt's closing line, and exits 4 when it refuses", async () => {
    const root = diskProject({ "target/x": "1" });
    const ok = await tform(["clean", "--project-dir", root]);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain("Cleaned target/\nFinished cleaning all paths.");
    const refused = await tform([
      "clean",
      "--project-dir",
      diskProject({ "dbt_project.yml": 'name: shop\nprofile: shop\nclean-targets: ["/tmp"]\n' }),
    ]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("TF134");
  });
});

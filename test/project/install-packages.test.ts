/** `tform deps`: local packages linked as dbt links them, vendored hub/git packages kept, missing ones located. */
import { existsSync, lstatSync, mkdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProjectError } from "../../src/errors.js";
import { installPackages } from "../../src/project/install-packages.js";
import { loadProject } from "../../src/project/load-project.js";
import { diskProject } from "../operations/disk-project.js";

/** A project with a sibling folder `shared/` holding the local package `shared_macros`. */
function withLocalPackage(files: Record<string, string>): { root: string; shared: string } {
  const root = diskProject({ "models/m.sql": "select {{ shared_answer() }} as x", ...files });
  const shared = join(root, "..", `${root.split("/").pop()}-shared`);
  mkdirSync(join(shared, "macros"), { recursive: true });
  writeFileSync(join(shared, "dbt_project.yml"), "name: shared_macros\n");
  writeFileSync(join(shared, "macros/answer.sql"), "{% macro shared_answer() %}42{% endmacro %}");
  return { root, shared };
}

describe("installPackages", () => {
  it("links a local package under its project name, and the loader then finds its macros", async () => {
    const { root, shared } = withLocalPackage({});
    writeFileSync(join(root, "packages.yml"), `packages:\n  - local: ../${shared.split("/").pop()}\n`);
    const result = await installPackages({ projectDir: root, env: {} });
    expect(result).toMatchObject({
      file: "packages.yml",
      installPath: "dbt_packages",
      packages: [{ name: "shared_macros", kind: "local", action: "linked", folder: "dbt_packages/shared_macros" }],
    });
    const link = join(root, "dbt_packages/shared_macros");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(shared);
    const project = await loadProject({ projectDir: root, env: {} });
    expect(project.macros.some((m) => m.packageName === "shared_macros")).toBe(true);
    expect(project.warnings.map((w) => w.code)).not.toContain("TF155");
    // a second run replaces the link instead of failing on it
    expect((await installPackages({ projectDir: root, env: {} })).packages[0]!.action).toBe("linked");
  });

  it("keeps a hub or git package already vendored, and a local one that lives in the packages folder, in packages-install-path, read from dependencies.yml", async () => {
    const root = diskProject({
      "dbt_project.yml": "name: shop\nprofile: shop\npackages-install-path: vendor\n",
      "dependencies.yml":
        "packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n  - git: https://github.com/org/my-pkg.git\n  - local: vendor/own\n",
      "vendor/own/dbt_project.yml": "name: own\n",
      "vendor/dbt_utils/dbt_project.yml": "name: dbt_utils\n",
      "vendor/my_pkg/dbt_project.yml": "name: my_pkg\n",
    });
    const result = await installPackages({ projectDir: root, env: {} });
    expect(result.packages.map((p) => [p.name, p.action, p.folder])).toEqual([
      ["dbt_utils", "kept", "vendor/dbt_utils"],
      ["my_pkg", "kept", "vendor/my_pkg"],
      ["own", "kept", "vendor/own"],
    ]);
    expect(existsSync(join(root, "vendor/own/dbt_project.yml"))).toBe(true);
  });

  it("fails, located and before linking anything, on a package it cannot download", async () => {
    const { root, shared } = withLocalPackage({});
    writeFileSync(
      join(root, "packages.yml"),
      `packages:\n  - local: ../${shared.split("/").pop()}\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0"]\n`,
    );
    const err = await installPackages({ projectDir: root, env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectError);
    expect(err).toMatchObject({ code: "TF132", location: { file: "packages.yml", line: 3 } });
    expect((err as ProjectError).message).toContain("dbt-labs/dbt_utils");
    expect((err as ProjectError).hint).toContain("dbt_packages/dbt_utils/");
    expect(existsSync(join(root, "dbt_packages"))).toBe(false);
  });

  it("says when nothing is declared, and refuses packages in both files as dbt does", async () => {
    expect(await installPackages({ projectDir: diskProject({}), env: {} })).toEqual({
      installPath: "dbt_packages",
      packages: [],
    });
    const both = diskProject({ "packages.yml": "packages: []\n", "dependencies.yml": "packages: []\n" });
    await expect(installPackages({ projectDir: both, env: {} })).rejects.toMatchObject({ code: "TF131" });
    const noProject = diskProject({ "packages.yml": "packages:\n  - local: ./nowhere\n" });
    await expect(installPackages({ projectDir: noProject, env: {} })).rejects.toMatchObject({ code: "TF133" });
  });
});

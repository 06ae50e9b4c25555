/** `tform deps` then `tform clean` on the sandbox: a linked local package's macro builds a model on a branch. */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";
import { commandsProject, dropBranches } from "./commands-project.js";
import { trinoEngine, uniqueName } from "./sandbox-harness.js";

describe("deps and clean (sandbox)", () => {
  const branch = uniqueName("it_deps");
  afterAll(() => dropBranches([branch]));

  it("links the local package, builds a model calling its macro, and clean removes target and the link but not the package", async () => {
    const shared = mkdtempSync(join(tmpdir(), "tform-it-shared-"));
    mkdirSync(join(shared, "macros"));
    writeFileSync(join(shared, "dbt_project.yml"), "name: shared_sql\n");
    writeFileSync(
      join(shared, "macros/cents.sql"),
      "{% macro to_cents(col) %}cast(round({{ col }} * 100) as bigint){% endmacro %}",
    );
    const { projectDir, profilesDir } = commandsProject({
      "dbt_project.yml": 'name: cmds\nprofile: tform_sandbox\nclean-targets: ["target", "dbt_packages"]\n',
      "packages.yml": `packages:\n  - local: ${shared}\n`,
      "models/prices.sql":
        "{{ config(materialized='table') }}\nselect orderkey, {{ to_cents('totalprice') }} as cents from {{ source('tpch', 'orders') }} where orderkey = 1",
    });
    const deps = await tform(["deps", "--project-dir", projectDir]);
    expect(deps.code).toBe(0);
    expect(deps.stdout).toContain("Installed shared_sql from <local @");
    expect(lstatSync(join(projectDir, "dbt_packages/shared_sql")).isSymbolicLink()).toBe(true);
    const build = await tform([
      "build",
      "--branch",
      branch,
      "-s",
      "prices",
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(build.code).toBe(0);
    const engine = trinoEngine();
    try {
      const expected = await engine.execute(
        "select cast(round(totalprice * 100) as bigint) from tpch.tiny.orders where orderkey = 1",
      );
      expect((await engine.execute(`select cents from "iceberg__${branch}".analytics.prices`)).rows).toEqual(
        expected.rows,
      );
    } finally {
      await engine.close();
    }
    const clean = await tform(["clean", "--project-dir", projectDir]);
    expect(clean.code).toBe(0);
    expect(existsSync(join(projectDir, "target"))).toBe(false);
    expect(existsSync(join(projectDir, "dbt_packages"))).toBe(false);
    expect(existsSync(join(shared, "macros/cents.sql"))).toBe(true);
  });
});

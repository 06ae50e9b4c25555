import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectExit, tform } from "../cli/cli-harness.js";
import { commandsProject, dropBranches } from "./commands-project.js";
import { createBranchCatalogSql, nessieCatalog, trinoEngine, uniqueName } from "./sandbox-harness.js";

/**
 * Issue 15 item 10: what branch builds leave behind. `tform clean --branches` deletes a branch once main holds its
 * head (with its tested tag and Trino catalog), drops catalogs of references Nessie no longer has and the staging
 * tables failed incremental runs left on kept branches; a branch with unpublished work and main stay as they were.
 */
describe("tform clean --branches (sandbox)", () => {
  const catalog = nessieCatalog();
  const engine = trinoEngine();
  const branches: string[] = [];
  const { projectDir, profilesDir } = commandsProject();
  afterAll(async () => {
    await dropBranches(branches);
    await engine.close();
  });

  const run = (...args: string[]) =>
    tform([...args, "--project-dir", projectDir, "--profiles-dir", profilesDir], { cwd: projectDir });
  const catalogs = async () => (await engine.execute("SHOW CATALOGS")).rows.map((r) => String(r[0]));

  async function built(prefix: string): Promise<string> {
    const branch = uniqueName(prefix);
    branches.push(branch);
    writeFileSync(join(projectDir, "models", `${branch}.sql`), "{{ config(materialized='table') }}\nselect 1 as id");
    expectExit(await run("build", "--branch", branch, "-s", branch), 0);
    return branch;
  }

  it("removes a published branch, its tag and catalog, a gone ref's catalog and staging tables; keeps unpublished work", async () => {
    const published = await built("it_clean_pub");
    expectExit(await run("test", "--branch", published), 0);
    expectExit(await run("publish", "--branch", published, "--tag", uniqueName("it_clean_rel")), 0);
    const kept = await built("it_clean_keep");
    const keptTable = (await catalog.listContents(await catalog.requireReference(kept))).find(
      (c) => c.key.at(-1) === kept,
    )!.key;
    const staging = [...keptTable.slice(0, -1), `${kept}__tform_tmp_deadbeef`];
    await engine.execute(`CREATE TABLE "iceberg__${kept}".${staging.map((k) => `"${k}"`).join(".")} AS SELECT 1 AS id`);
    const gone = uniqueName("it_clean_gone");
    await catalog.createBranch(gone, await catalog.requireReference("main"));
    await engine.execute(createBranchCatalogSql(`iceberg__${gone}`, gone));
    await catalog.deleteReference((await catalog.getReference(gone))!);
    const mainHash = (await catalog.requireReference("main")).hash;

    const dry = await run("clean", "--branches", "--dry-run");
    expectExit(dry, 0);
    expect(dry.stdout).toMatch(new RegExp(`Would remove \\d+ published branch(es)?: .*${published}`));
    expect(dry.stdout).toContain(`tform-tested-${published}`);
    expect(dry.stdout).toMatch(new RegExp(`Trino catalogs?: .*iceberg__${gone}`));
    expect(dry.stdout).toContain(`${kept}: ${staging.slice(0, -1).join(".")}.${staging.at(-1)}`);
    expect(await catalog.getReference(published)).toBeDefined();
    expect(await catalogs()).toContain(`iceberg__${gone}`);

    const clean = await run("clean", "--branches");
    expectExit(clean, 0);
    expect(clean.stdout).toMatch(/^Removed \d+ published branch/m);
    expect(clean.stdout).toMatch(new RegExp(`Kept \\d+ unpublished: .*${kept}`));
    expect(await catalog.getReference(published)).toBeUndefined();
    expect(await catalog.getReference(`tform-tested-${published}`)).toBeUndefined();
    const left = await catalogs();
    expect(left).not.toContain(`iceberg__${published}`);
    expect(left).not.toContain(`iceberg__${gone}`);
    const keptKeys = (await catalog.listContents(await catalog.requireReference(kept))).map((c) => c.key.join("."));
    expect(keptKeys).toContain(keptTable.join("."));
    expect(keptKeys).not.toContain(staging.join("."));
    // main is untouched, and the published table on it still reads (its files were not dropped with the branch)
    expect((await catalog.requireReference("main")).hash).toBe(mainHash);
    const onMain = await engine.execute(
      `SELECT count(*) FROM iceberg.${keptTable.slice(0, -1).join(".")}."${published}"`,
    );
    expect(Number(onMain.rows[0]![0])).toBe(1);

    expect((await run("clean", "--branches")).stdout).not.toContain(published);
  });
});

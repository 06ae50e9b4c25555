/** `tform run-operation` on the sandbox: a macro's queries and DDL run on a branch it creates, main untouched. */
import { afterAll, describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";
import { buildProject } from "../../src/execute/run-project.js";
import { commandsProject, dropBranches } from "./commands-project.js";
import { nessieCatalog, trinoEngine, uniqueName } from "./sandbox-harness.js";

describe("run-operation (sandbox)", () => {
  const built = uniqueName("it_op");
  const fresh = uniqueName("it_op_new");
  afterAll(() => dropBranches([built, fresh]));

  it("runs the macro's run_query calls on the branch (a count, then a CREATE TABLE), logs, and leaves main alone", async () => {
    const { projectDir, profilesDir } = commandsProject();
    expect((await buildProject({ projectDir, profilesDir, branch: built })).success).toBe(true);
    const catalog = nessieCatalog();
    const mainBefore = (await catalog.getReference("main"))!;
    const run = await tform([
      "run-operation",
      "count_and_tag",
      "--args",
      "{table: recent_orders, tag: checked}",
      "--branch",
      built,
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("recent_orders has 10 rows");
    expect(run.stdout).toContain(
      `Ran macro.cmds.count_and_tag on branch ${built}, catalog iceberg__${built}: 2 statement(s)`,
    );
    const engine = trinoEngine();
    try {
      // the unqualified op_tags landed in the branch catalog's target schema
      expect((await engine.execute(`select tag from "iceberg__${built}".analytics.op_tags`)).rows).toEqual([
        ["checked"],
      ]);
    } finally {
      await engine.close();
    }
    expect((await catalog.getReference("main"))!.hash).toBe(mainBefore.hash);
  });

  it("creates a missing branch from main like build, refuses to run without --branch, and names an unknown macro", async () => {
    const { projectDir, profilesDir } = commandsProject();
    const created = await tform([
      "run-operation",
      "count_rows",
      "--args",
      "{table: tpch.tiny.nation}",
      "--branch",
      fresh,
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("tpch.tiny.nation has 25 rows");
    expect(created.stdout).toContain(`on branch ${fresh} (created)`);
    expect(await nessieCatalog().getReference(fresh)).toMatchObject({ type: "BRANCH" });
    const onMain = await tform([
      "run-operation",
      "count_rows",
      "--args",
      "{table: x}",
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(onMain.code).toBe(4);
    expect(onMain.stderr).toContain("TF416");
    const unknown = await tform([
      "run-operation",
      "nosuch",
      "--branch",
      fresh,
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain("No macro named 'nosuch'");
  });
});

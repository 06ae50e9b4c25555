/** `tform source freshness` on the sandbox: tpch and a table built on a branch, sources.json, exit codes. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";
import { buildProject } from "../../src/execute/run-project.js";
import { commandsProject, dropBranches } from "./commands-project.js";
import { uniqueName } from "./sandbox-harness.js";

describe("source freshness (sandbox)", () => {
  const branch = uniqueName("it_fresh");
  afterAll(() => dropBranches([branch]));

  it("passes a table loaded seconds ago, errors on tpch's 1998 orders past error_after, and exits 1 as dbt", async () => {
    const { projectDir, profilesDir } = commandsProject();
    expect((await buildProject({ projectDir, profilesDir, branch })).success).toBe(true);
    const run = await tform([
      "source",
      "freshness",
      "--branch",
      branch,
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/PASS freshness of built\.recent_orders/);
    expect(run.stdout).toMatch(/ERROR STALE freshness of tpch\.orders/);
    // not_built has no threshold and nation's is null: neither is measured
    expect(run.stdout).toContain("PASS=1 WARN=0 ERROR STALE=1 ERROR=0 TOTAL=2");
    const file = JSON.parse(readFileSync(join(projectDir, "target/sources.json"), "utf8"));
    expect(file.metadata.dbt_schema_version).toBe("https://schemas.getdbt.com/dbt/sources/v3.json");
    const byId = Object.fromEntries(file.results.map((r: { unique_id: string }) => [r.unique_id, r]));
    expect(byId["source.cmds.tpch.orders"]).toMatchObject({
      status: "error",
      max_loaded_at: "1998-08-02T00:00:00+00:00",
      criteria: { warn_after: { count: 1, period: "day" }, error_after: { count: 10, period: "hour" }, filter: null },
      adapter_response: { _message: "SUCCESS", query_id: expect.stringMatching(/^\d{8}_/) },
    });
    const built = byId["source.cmds.built.recent_orders"];
    expect(built.status).toBe("pass");
    expect(built.max_loaded_at_time_ago_in_s).toBeGreaterThanOrEqual(0);
    expect(built.max_loaded_at_time_ago_in_s).toBeLessThan(600);

    // -s narrows to one source; that one passes, so the command does
    const one = await tform([
      "source",
      "freshness",
      "--branch",
      branch,
      "-s",
      "source:built",
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain("TOTAL=1");

    // on main the model's table does not exist: a runtime error, left out of sources.json as dbt does
    const onMain = await tform([
      "source",
      "freshness",
      "-s",
      "source:built",
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(onMain.code).toBe(1);
    expect(onMain.stdout).toMatch(/Error in source built\.recent_orders: .*does not exist/);
    expect(JSON.parse(readFileSync(join(projectDir, "target/sources.json"), "utf8")).results).toEqual([]);
  });
});

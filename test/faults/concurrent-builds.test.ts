import { afterAll, describe, expect, it } from "vitest";
import { expectExit, tform } from "../cli/cli-harness.js";
import { commandsProject, dropBranches } from "../integration/commands-project.js";
import { nessieCatalog, trinoEngine, uniqueName } from "../integration/sandbox-harness.js";

/**
 * Two CI jobs building one new branch at the same moment (before: the loser of the CREATE SCHEMA race failed with
 * "Namespace already exists"): both complete, main stays as it was, and each table holds its rows once.
 */
describe("two builds of one branch at once", () => {
  const catalog = nessieCatalog();
  const branches: string[] = [];
  afterAll(() => dropBranches(branches));

  it("both complete; the branch holds each table once with its rows; main is untouched", async () => {
    const { projectDir, profilesDir } = commandsProject();
    const branch = uniqueName("ft_twice");
    branches.push(branch);
    const before = (await catalog.requireReference("main")).hash;
    const build = () =>
      tform(["build", "--branch", branch, "--project-dir", projectDir, "--profiles-dir", profilesDir], {
        cwd: projectDir,
      });
    const runs = await Promise.all([build(), build()]);
    // the schema and catalog they both create race; IF NOT EXISTS losing that race is not an error
    for (const r of runs) expectExit(r, 0);
    expect((await catalog.requireReference("main")).hash).toBe(before);
    const engine = trinoEngine();
    try {
      const rows = async (t: string) =>
        Number((await engine.execute(`SELECT count(*) FROM "iceberg__${branch}".${t}`)).rows[0]![0]);
      expect(await rows("analytics_landing.labels")).toBe(2);
      expect(await rows("analytics.recent_orders")).toBe(10);
    } finally {
      await engine.close();
    }
  });
});

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandsProject, dropBranches } from "../integration/commands-project.js";
import { nessieCatalog, trinoEngine, uniqueName } from "../integration/sandbox-harness.js";
import { requireFreshBuild, spawnTform } from "./tform-process.js";

/**
 * A CI runner cancelling a build (SIGTERM) or a user pressing Ctrl-C (SIGINT) while a model's query runs on the
 * real Trino: tform cancels the query before it exits, with the README's exit code, and nothing lands on the branch.
 */
describe("a build cancelled by a signal while a model runs", () => {
  const engine = trinoEngine();
  const catalog = nessieCatalog();
  const branches: string[] = [];

  beforeAll(() => requireFreshBuild());
  afterAll(async () => {
    await dropBranches(branches);
    await engine.close();
  });

  /** the Trino query whose text holds `marker`, once it runs; the marker is split so this query does not match itself */
  async function runningQuery(marker: string, deadline: number): Promise<string> {
    const [head, tail] = [marker.slice(0, 4), marker.slice(4)];
    while (performance.now() < deadline) {
      const { rows } = await engine.execute(
        `select query_id from system.runtime.queries where state = 'RUNNING' and strpos(query, concat('${head}', '${tail}')) > 0`,
      );
      if (rows.length > 0) return String(rows[0]![0]);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no running query for ${marker}`);
  }

  const queryState = async (id: string) =>
    (await engine.execute(`select state, error_code from system.runtime.queries where query_id = '${id}'`)).rows[0];

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)(
    "%s cancels the running query and exits %i; the model's table is not on the branch",
    async (name, code) => {
      const model = uniqueName("ft_slow");
      const branch = uniqueName("ft_sig");
      branches.push(branch);
      const { projectDir, profilesDir } = commandsProject({
        // minutes of work on two cores: still running when the signal comes
        [`models/${model}.sql`]:
          "{{ config(materialized='table') }}\nselect sum(quantity) as q from tpch.sf1000.lineitem",
      });
      const tform = spawnTform(
        ["build", "--branch", branch, "-s", model, "--project-dir", projectDir, "--profiles-dir", profilesDir],
        projectDir,
      );
      const queryId = await runningQuery(model, performance.now() + 90_000).catch((e: Error) => {
        tform.child.kill("SIGKILL");
        throw new Error(`${e.message}\n${tform.output()}`);
      });
      const sent = performance.now();
      tform.child.kill(name);
      const exit = await tform.exited;
      expect({ code: exit.code, output: tform.output() }).toMatchObject({ code });
      expect(exit.at - sent).toBeLessThan(10_000);
      // cancelled by tform before it exited, not left running to commit later
      expect(await queryState(queryId)).toEqual(["FAILED", "USER_CANCELED"]);
      const contents = await catalog.listContents(await catalog.requireReference(branch));
      expect(contents.map((c) => c.key.join("."))).not.toContain(`analytics.${model}`);
    },
  );
});

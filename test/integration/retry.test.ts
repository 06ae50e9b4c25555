import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";
import { restCatalog, restEngine, restSandbox, uniqueName } from "./rest-harness.js";

/** Issue 16 §3: `tform retry` reruns, on the same branch, only what failed or was skipped; `-m` selects like --select. */
describe("tform retry on the REST sandbox", () => {
  const dir = mkdtempSync(join(tmpdir(), "tform-retry-"));
  const branch = uniqueName("it_retry");
  const engine = restEngine();

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS "iceberg__${branch}"`).catch(() => undefined);
    for (const name of [branch, `tform-tested-${branch}`]) {
      const ref = await restCatalog().getReference(name);
      if (ref) await restCatalog().deleteReference(ref);
    }
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reruns the failed model and the child it skipped, not the model that passed", async () => {
    writeFileSync(
      join(dir, "dbt_project.yml"),
      "name: retry_it\nprofile: tform_sandbox\nmodels:\n  retry_it:\n    +materialized: table\n",
    );
    writeFileSync(join(dir, "profiles.yml"), readFileSync(restSandbox().profilesFile, "utf8"));
    mkdirSync(join(dir, "models"));
    writeFileSync(join(dir, "models", "ok.sql"), "select 1 as id\n");
    writeFileSync(join(dir, "models", "flaky.sql"), "select cast('x' as integer) as id\n");
    writeFileSync(join(dir, "models", "child.sql"), "select * from {{ ref('flaky') }}\n");
    const args = ["--project-dir", dir];
    const first = await tform([...args, "run", "--branch", branch]);
    expect(first.code, first.stdout + first.stderr).toBe(1);

    writeFileSync(join(dir, "models", "flaky.sql"), "select 2 as id\n");
    const retry = await tform([...args, "retry"]);
    expect(retry.code, retry.stdout + retry.stderr).toBe(0);
    expect(retry.stdout).toContain(`Retrying 2 node(s) of the last run on branch ${branch}: flaky child`);
    const results = JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")) as {
      results: { unique_id: string; status: string }[];
    };
    expect(results.results.map((r) => [r.unique_id, r.status]).sort()).toEqual([
      ["model.retry_it.child", "success"],
      ["model.retry_it.flaky", "success"],
    ]);

    const again = await tform([...args, "retry"]);
    expect(again.stdout).toContain("Nothing to retry");
    const one = await tform([...args, "run", "-m", "ok", "--branch", branch]);
    expect(one.code).toBe(0);
    expect(
      (JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")) as { results: unknown[] }).results,
    ).toHaveLength(1);
  });
});

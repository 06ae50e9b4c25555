import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import { loadTarget } from "../../src/project/load-target.js";
import type { Target } from "../../src/project/types.js";
import { publish } from "../../src/publish/publish.js";
import { refCatalogName } from "../../src/publish/ref-catalog.js";
import { viewBinderFor } from "../../src/publish/open-lakehouse.js";
import { REST_MAIN_CATALOG, restCatalog, restEngine, restSandbox, uniqueName } from "./rest-harness.js";

const EXAMPLE = join(import.meta.dirname, "..", "..", "example-project");

/**
 * Issue 7's done-when on the example project itself: in REST mode, build → test → publish it with its gold
 * view (the native sandbox cannot build views), and read that view through main's catalog.
 */
describe("the example project in REST mode, with a view", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const branch = uniqueName("it_rex");
  let dir: string;
  let target: Target;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tform-rest-example-"));
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes(`${join(EXAMPLE, "target")}`) });
    target = await loadTarget({
      projectDir: dir,
      profileName: "lakehouse_shop",
      profilesDir: join(restSandbox().profilesFile, ".."),
      targetName: "sandbox",
    });
    expect(target.branchCatalog?.mode).toBe("rest");
  });

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS "${refCatalogName(target, branch)}"`).catch(() => undefined);
    for (const name of [branch, `tform-tested-${branch}`]) {
      const ref = await catalog.getReference(name);
      if (ref) await catalog.deleteReference(ref).catch(() => undefined);
    }
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("builds every model and test on a branch, publishes in one merge, and the view reads main", async () => {
    const profilesDir = join(restSandbox().profilesFile, "..");
    const built = await buildProject({
      projectDir: dir,
      profilesDir,
      target: "sandbox",
      branch,
      // main may already hold these tables from another test: build them all, so the merge has them
      noReuse: true,
    });
    const notOk = built.applied?.results
      .filter((r) => !["success", "pass", "warn"].includes(r.status))
      .map((r) => `${r.name}: ${r.status}`);
    expect(notOk).toEqual([]);
    expect(built.applied?.results.filter((r) => r.status === "pass").length).toBeGreaterThanOrEqual(19);

    const tested = await catalog.requireReference(branch);
    const result = await publish({
      catalog,
      projectRoot: dir,
      targetPath: "target",
      branch,
      provenance: { tformVersion: "test", project: "lakehouse_shop", user: "it" },
      tag: uniqueName("it_rexrel"),
      bindViews: viewBinderFor(catalog, target),
    });
    expect(result.testedHash).toBe(tested.hash);
    expect(result.reboundViews).toEqual([["gold", "gold_region_revenue"]]);
    expect((await catalog.requireReference("main")).hash).toBe(result.intoHashAfter);

    const onMain = async (sql: string) => (await engine.execute(sql)).rows;
    const fromView = await onMain(`SELECT count(*), sum(revenue) FROM "${REST_MAIN_CATALOG}".gold.gold_region_revenue`);
    const fromTable = await onMain(
      `SELECT count(DISTINCT region_name), sum(revenue) FROM "${REST_MAIN_CATALOG}".gold.gold_monthly_revenue`,
    );
    expect(fromView).toEqual(fromTable);
    expect(fromView[0]![0]).toBe(5); // TPC-H has five regions
  });
});

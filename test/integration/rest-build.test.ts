import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import { restCatalog, restEngine, restSandbox, uniqueName } from "./rest-harness.js";

/**
 * Issue 7: an unchanged dbt project whose staging models are views (the classic jaffle_shop fixture)
 * builds and tests on a branch in REST mode, through tform's library, as `tform build --branch` runs it.
 */
describe("an unchanged dbt project with staging views builds on a branch in REST mode", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const branch = uniqueName("it_jaffle");

  afterAll(async () => {
    const catalogs = (await engine.execute("SHOW CATALOGS")).rows
      .map((r) => String(r[0]))
      .filter((c) => c.includes(branch));
    for (const c of catalogs) await engine.execute(`DROP CATALOG IF EXISTS ${c}`).catch(() => undefined);
    const ref = await catalog.getReference(branch);
    if (ref) await catalog.deleteReference(ref);
    await engine.close();
  });

  it("creates the staging views and mart tables on the branch, passes the project's tests and leaves main untouched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-jaffle-rest-"));
    cpSync("test/fixtures/projects/classic", dir, { recursive: true });
    // the REST sandbox's own target, under the project's profile name
    const profiles = readFileSync(restSandbox().profilesFile, "utf8").replace(/^lakehouse_shop:/m, "jaffle_shop:");
    writeFileSync(join(dir, "profiles.yml"), profiles);
    const mainBefore = await catalog.requireReference("main");

    const result = await buildProject({ projectDir: dir, profilesDir: dir, target: "sandbox", branch });

    const failed = (result.applied?.results ?? []).filter((r) => !["success", "pass", "warn"].includes(r.status));
    expect(failed.map((r) => `${r.name}: ${r.status}`)).toEqual([]);
    expect(result.success).toBe(true);
    const views = (result.applied?.results ?? []).filter((r) =>
      r.statements?.some((s) => /^CREATE OR REPLACE VIEW/.test(s.sql)),
    );
    expect(views.map((r) => r.name).sort()).toEqual(["stg_customers", "stg_orders", "stg_payments"]);
    const relation = views[0]!.relation!;
    const [[rows]] = (
      await engine.execute(`SELECT count(*) FROM "${relation.database}"."${relation.schema}"."${relation.identifier}"`)
    ).rows as [[number]];
    expect(rows).toBeGreaterThan(0);
    expect((await catalog.requireReference("main")).hash).toBe(mainBefore.hash);

    // issue 7 §2: a view's body names no catalog, so after publish it reads main, not the branch's catalog
    for (const view of views) {
      const r = view.relation!;
      const [[ddl]] = (await engine.execute(`SHOW CREATE VIEW "${r.database}"."${r.schema}"."${r.identifier}"`))
        .rows as [[string]];
      const body = ddl.slice(ddl.indexOf("AS\n") + 3);
      expect(body).toMatch(/select/i);
      expect(body).not.toContain(r.database);
    }
    // …and on the branch it reads the branch's tables: stg_customers is the seed renamed
    const seed = result.applied!.results.find((r) => r.name === "raw_customers")!.relation!;
    const stg = views.find((r) => r.name === "stg_customers")!.relation!;
    const fromView = await engine.execute(
      `SELECT customer_id, first_name, last_name FROM "${stg.database}"."${stg.schema}"."${stg.identifier}" ORDER BY 1`,
    );
    const fromSeed = await engine.execute(
      `SELECT id, first_name, last_name FROM "${seed.database}"."${seed.schema}"."${seed.identifier}" ORDER BY 1`,
    );
    expect(fromView.rows.length).toBeGreaterThan(0);
    expect(fromView.rows).toEqual(fromSeed.rows);
  });
});

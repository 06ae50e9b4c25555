import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import type { Target } from "../../src/project/types.js";
import { publish } from "../../src/publish/publish.js";
import { bindRefCatalog, refCatalogName } from "../../src/publish/ref-catalog.js";
import { viewBinderFor } from "../../src/publish/open-lakehouse.js";
import { REST_MAIN_CATALOG, restTargetIn, restCatalog, restEngine, uniqueName } from "./rest-harness.js";

/**
 * Issue 16 §4: a model switched from table to view (and back) is replaced on the branch as dbt replaces it, and
 * main's table stays readable while the switch is built on a branch and, through its release tag, after the
 * switch is published: dropping the table on the branch deleted no file main's snapshots read.
 */
describe("a model switched between table and view on a branch, in REST mode", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const schema = uniqueName("it_switch");
  const provenance = { tformVersion: "test", project: "switch", user: "it" };
  const refs: string[] = [];
  let dir: string;
  let target: Target;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tform-switch-"));
    writeFileSync(join(dir, "dbt_project.yml"), "name: switch\nprofile: lakehouse_shop\n");
    mkdirSync(join(dir, "models"));
    writeFileSync(
      join(dir, "models", "swappable.sql"),
      "{{ config(materialized=var('m', 'table')) }}\nselect * from (values (1, 'a'), (2, 'b'), (3, 'c')) as v(id, name)\n",
    );
    // a test, so each build records its hash as tested and publish may merge it
    writeFileSync(
      join(dir, "models", "schema.yml"),
      "version: 2\nmodels:\n  - name: swappable\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
    );
    target = await restTargetIn(dir, schema);
  });

  afterAll(async () => {
    for (const ref of refs) {
      await engine.execute(`DROP CATALOG IF EXISTS "${refCatalogName(target, ref)}"`).catch(() => undefined);
      for (const name of [ref, `tform-tested-${ref}`]) {
        const r = await catalog.getReference(name);
        if (r) await catalog.deleteReference(r).catch(() => undefined);
      }
    }
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const buildAndPublish = async (materialized: string): Promise<{ branch: string; tag: string }> => {
    const branch = uniqueName("it_swdev");
    const tag = uniqueName("it_swrel");
    refs.push(branch, tag);
    const built = await buildProject({
      projectDir: dir,
      profilesDir: dir,
      target: "sandbox",
      branch,
      vars: { m: materialized },
    });
    expect(built.applied!.results.map((r) => r.status)).toEqual(["success", "pass"]);
    await publish({
      catalog,
      projectRoot: dir,
      targetPath: "target",
      branch,
      provenance,
      tag,
      bindViews: viewBinderFor(catalog, target),
    });
    return { branch, tag };
  };
  const typeOn = async (trinoCatalog: string): Promise<string | undefined> =>
    (
      await engine.execute(
        `SELECT table_type FROM "${trinoCatalog}".information_schema.tables WHERE table_schema = '${schema}' AND table_name = 'swappable'`,
      )
    ).rows[0]?.[0] as string | undefined;
  const rowsOn = async (trinoCatalog: string): Promise<unknown[][]> =>
    (await engine.execute(`SELECT id, name FROM "${trinoCatalog}"."${schema}".swappable ORDER BY id`))
      .rows as unknown[][];
  const ROWS = [
    [1, "a"],
    [2, "b"],
    [3, "c"],
  ];

  it("table → view on a branch keeps main's table readable, before and after the publish", async () => {
    const first = await buildAndPublish("table");
    expect(await typeOn(REST_MAIN_CATALOG)).toBe("BASE TABLE");

    const branch = uniqueName("it_swdev");
    refs.push(branch);
    const built = await buildProject({
      projectDir: dir,
      profilesDir: dir,
      target: "sandbox",
      branch,
      vars: { m: "view" },
    });
    expect(built.applied!.results.map((r) => r.status)).toEqual(["success", "pass"]);
    const statements = built.applied!.results[0]!.statements.map((s) => s.sql.split(" ").slice(0, 3).join(" "));
    expect(statements).toEqual(["DROP TABLE IF", "CREATE OR REPLACE"]);
    expect(await typeOn(refCatalogName(target, branch))).toBe("VIEW");
    expect(await typeOn(REST_MAIN_CATALOG)).toBe("BASE TABLE");
    expect(await rowsOn(REST_MAIN_CATALOG)).toEqual(ROWS);

    const tag = uniqueName("it_swrel");
    refs.push(tag);
    await publish({
      catalog,
      projectRoot: dir,
      targetPath: "target",
      branch,
      provenance,
      tag,
      bindViews: viewBinderFor(catalog, target),
    });
    expect(await typeOn(REST_MAIN_CATALOG)).toBe("VIEW");
    expect(await rowsOn(REST_MAIN_CATALOG)).toEqual(ROWS);
    // the release before the switch still reads its table's files
    expect(await rowsOn(await bindRefCatalog(engine, target, first.tag))).toEqual(ROWS);

    // and back: view → table replaces the view on a branch, then on main
    await buildAndPublish("table");
    expect(await typeOn(REST_MAIN_CATALOG)).toBe("BASE TABLE");
    expect(await rowsOn(REST_MAIN_CATALOG)).toEqual(ROWS);
    expect(await rowsOn(await bindRefCatalog(engine, target, first.tag))).toEqual(ROWS);
  });
});

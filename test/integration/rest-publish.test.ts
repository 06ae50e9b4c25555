import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import type { Target } from "../../src/project/types.js";
import { publish } from "../../src/publish/publish.js";
import { refCatalogName } from "../../src/publish/ref-catalog.js";
import { modelHistory, showModel } from "../../src/publish/time-travel.js";
import { viewBinderFor } from "../../src/publish/open-lakehouse.js";
import { REST_MAIN_CATALOG, restTargetIn, restCatalog, restEngine, restSandbox, uniqueName } from "./rest-harness.js";

/**
 * Issue 7 §2 through tform's library in REST mode: build a table and a view on a branch, test, publish,
 * and read the view through main's catalog while the branch moves on, and after the branch and its
 * Trino catalog are gone. A failing test keeps main's hash. Time travel reads the release by commit.
 */
describe("publish in REST mode", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const schema = uniqueName("it_rpub");
  const provenance = { tformVersion: "test", project: "rest_pub", user: "it" };
  const branches: string[] = [];
  let dir: string;
  let target: Target;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tform-rest-publish-"));
    writeFileSync(
      join(dir, "dbt_project.yml"),
      "name: rest_pub\nversion: '0.1'\nprofile: lakehouse_shop\nmodels:\n  rest_pub:\n    +materialized: table\n",
    );
    mkdirSync(join(dir, "models"));
    // `bad` puts a null id into orders, which its not_null test catches
    writeFileSync(
      join(dir, "models", "orders.sql"),
      "select * from (values (1, 10), (2, 20), ({{ 'null' if var('bad', false) else '3' }}, 30)) as v(id, amount)\n",
    );
    writeFileSync(
      join(dir, "models", "big_orders.sql"),
      "{{ config(materialized='view') }}\nselect id, amount from {{ ref('orders') }} where amount >= 20\n",
    );
    writeFileSync(
      join(dir, "models", "schema.yml"),
      "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null, unique]\n",
    );
    // the REST sandbox's target, building into this test's own schema
    target = await restTargetIn(dir, schema);
    expect(target.branchCatalog?.mode).toBe("rest");
  });

  afterAll(async () => {
    for (const branch of branches) {
      await engine.execute(`DROP CATALOG IF EXISTS "${refCatalogName(target, branch)}"`).catch(() => undefined);
      for (const name of [branch, `tform-tested-${branch}`]) {
        const ref = await catalog.getReference(name);
        if (ref) await catalog.deleteReference(ref).catch(() => undefined);
      }
    }
    await engine.close();
  });

  const build = async (vars: Record<string, unknown> = {}) => {
    const branch = uniqueName("it_rpdev");
    branches.push(branch);
    const result = await buildProject({ projectDir: dir, profilesDir: dir, target: "sandbox", branch, vars });
    return { branch, result, branchCatalog: refCatalogName(target, branch) };
  };
  const mainHash = async () => (await catalog.requireReference("main")).hash;
  const onMain = async (sql: string) =>
    (await engine.execute(sql.replaceAll("@", `${REST_MAIN_CATALOG}.${schema}.`))).rows;
  /** The view's default catalog as Nessie's Iceberg REST stores it on main. */
  const viewCatalogOnMain = async (view: string): Promise<unknown> => {
    const res = await fetch(`${restSandbox().icebergUri}/v1/main/namespaces/${schema}/views/${view}`);
    const { metadata } = (await res.json()) as {
      metadata: { "current-version-id": number; versions: { "version-id": number; "default-catalog"?: string }[] };
    };
    return metadata.versions.find((v) => v["version-id"] === metadata["current-version-id"])?.["default-catalog"];
  };

  let releaseTag = "";
  let published: (Awaited<ReturnType<typeof publish>> & { branchCatalog: string }) | undefined;

  it("publishes a table and a view built on a branch in one merge from the tested hash; the tested branch is not written", async () => {
    const { branch, result: buildResult, branchCatalog } = await build();
    expect(
      buildResult.applied?.results
        .filter((r) => !["success", "pass"].includes(r.status))
        .map((r) => `${r.name}: ${r.status}`),
    ).toEqual([]);
    const built = await catalog.requireReference(branch);
    const before = await mainHash();

    const result = await publish({
      catalog,
      projectRoot: dir,
      targetPath: "target",
      branch,
      provenance,
      tag: uniqueName("it_rrel"),
      bindViews: viewBinderFor(catalog, target),
    });
    releaseTag = result.tag!;
    expect(result.testedHash).toBe(built.hash);
    expect(result.changes.map((c) => `${c.change}:${c.key.join(".")}:${c.kind}`).sort()).toEqual([
      `added:${schema}.big_orders:ICEBERG_VIEW`,
      `added:${schema}.orders:ICEBERG_TABLE`,
      `added:${schema}:NAMESPACE`,
    ]);
    expect(await mainHash()).toBe(result.intoHashAfter);
    const [merge] = await catalog.history("main", 1);
    expect(merge!.parentHash).toBe(before);
    expect(merge!.meta.properties).toMatchObject({
      "tform.from-ref": branch,
      "tform.tested-hash": built.hash,
      "tform.tag": releaseTag,
    });
    expect((await catalog.requireReference(branch)).hash).toBe(built.hash);
    expect((await catalog.listReferences()).filter((r) => r.name.startsWith(`${branch}__tform_publish`))).toEqual([]);
    expect(await onMain("SELECT id, amount FROM @big_orders ORDER BY id")).toEqual([
      [2, 20],
      [3, 30],
    ]);
    published = { ...result, branchCatalog };
  });

  /** Needs the view materialization of docs/catalogs.md "Views on branches" step 1: refs without a catalog, session catalog = the branch catalog. */
  it("the published view was rebound to main's catalog and still reads main with the branch and its catalog gone", async () => {
    const { branch, branchCatalog } = published!;
    expect(published!.reboundViews).toEqual([[schema, "big_orders"]]);
    expect(await viewCatalogOnMain("big_orders")).toBe(REST_MAIN_CATALOG);
    // the branch moves on after publish: main's view must not follow it
    await engine.execute(`INSERT INTO "${branchCatalog}"."${schema}".orders VALUES (4, 40)`);
    expect(await onMain("SELECT count(*) FROM @big_orders")).toEqual([[2]]);

    await engine.execute(`DROP CATALOG "${branchCatalog}"`);
    await catalog.deleteReference(await catalog.requireReference(branch));
    expect(await onMain("SELECT id, amount FROM @big_orders ORDER BY id")).toEqual([
      [2, 20],
      [3, 30],
    ]);
    expect(await onMain("SELECT id FROM @orders ORDER BY id")).toEqual([[1], [2], [3]]);
  });

  it("refuses to publish a branch whose tests failed, and main keeps its hash", async () => {
    const before = await mainHash();
    const { branch, result } = await build({ bad: true });
    expect(result.success).toBe(false);
    expect(result.applied?.results.find((r) => r.name.startsWith("not_null"))?.status).toBe("fail");
    await expect(
      publish({
        catalog,
        projectRoot: dir,
        targetPath: "target",
        branch,
        provenance,
        bindViews: viewBinderFor(catalog, target),
      }),
    ).rejects.toMatchObject({ code: "TF701" });
    expect(await mainHash()).toBe(before);
    expect(await onMain("SELECT count(*) FROM @orders WHERE id IS NULL")).toEqual([[0]]);
  });

  it("show and history read the release by Nessie commit after main moved on", async () => {
    await onMain("INSERT INTO @orders VALUES (5, 50)");
    const table = { schema, identifier: "orders" };
    const noBind = async (): Promise<string> => {
      throw new Error("REST time travel needs no extra catalog");
    };
    const atTag = await showModel({
      engine,
      catalog,
      mode: "commits",
      trinoCatalog: REST_MAIN_CATALOG,
      table,
      at: releaseTag,
      bindRef: noBind,
    });
    expect(atTag.rows.map((r) => r[0]).sort()).toEqual([1, 2, 3]);
    expect(await onMain("SELECT count(*) FROM @orders")).toEqual([[4]]);

    const history = await modelHistory({
      engine,
      trinoCatalog: REST_MAIN_CATALOG,
      table,
      mode: "commits",
      releases: { catalog, bindRef: noBind },
    });
    const released = history.find((s) => s.releases.includes(releaseTag));
    expect(released?.totalRecords).toBe("3");
    expect(history.at(-1)?.totalRecords).toBe("4");
    const bySnapshot = await showModel({
      engine,
      catalog,
      mode: "commits",
      trinoCatalog: REST_MAIN_CATALOG,
      table,
      at: released!.snapshotId,
      bindRef: noBind,
    });
    expect(bySnapshot.rows).toHaveLength(3);
  });
});

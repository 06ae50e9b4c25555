import { afterAll, describe, expect, it } from "vitest";
import { mergeWithViewsBound } from "../../src/catalog/nessie/rest-view-binding.js";
import {
  createRestBranchCatalogSql,
  REST_MAIN_CATALOG,
  restCatalog,
  restEngine,
  restSandbox,
  uniqueName,
} from "./rest-harness.js";

/**
 * Issue 7 §2: a view built on a branch keeps working on main after the merge and after the branch
 * and its Trino catalog are gone. The view's refs are rendered without a catalog and the view is
 * created with the branch catalog as session catalog; publish rebinds it to main before merging.
 */
describe("views on a branch in REST mode survive publish and branch deletion", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const schema = uniqueName("it_views");
  const branch = uniqueName("it_vdev");
  const branchCatalog = uniqueName("it_vcat");

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS ${branchCatalog}`).catch(() => undefined);
    const ref = await catalog.getReference(branch);
    if (ref) await catalog.deleteReference(ref);
    await engine.close();
  });

  it("reads main's data through the view on main, with the branch and its catalog deleted", async () => {
    await engine.execute(`CREATE SCHEMA ${REST_MAIN_CATALOG}.${schema}`);
    const dev = await catalog.createBranch(branch, await catalog.requireReference("main"));
    await engine.execute(createRestBranchCatalogSql(branchCatalog, branch));

    // as the view materialization runs it: session catalog = the branch catalog, refs without catalog
    const onBranch = { catalog: branchCatalog, schema };
    await engine.execute(
      `CREATE TABLE ${schema}.orders AS SELECT * FROM (VALUES (1, 10), (2, 20), (3, 30)) AS v(id, amount)`,
      onBranch,
    );
    await engine.execute(
      `CREATE OR REPLACE VIEW ${branchCatalog}.${schema}.big_orders AS SELECT id, amount FROM ${schema}.orders WHERE amount >= 20`,
      onBranch,
    );
    expect((await engine.execute(`SELECT count(*) FROM ${branchCatalog}.${schema}.big_orders`)).rows).toEqual([[2]]);

    // publish: merge from a copy of the tested hash whose views are bound to main's catalog
    const tested = await catalog.requireReference(branch);
    expect(tested.hash).not.toBe(dev.hash);
    const main = await catalog.requireReference("main");
    // only the views this publish changes: main may hold views of other origins
    const changedViews = (await catalog.diff(main, tested)).filter((d) => d.kind === "ICEBERG_VIEW").map((d) => d.key);
    expect(changedViews).toEqual([[schema, "big_orders"]]);
    const merge = await mergeWithViewsBound(
      catalog,
      { icebergUri: restSandbox().icebergUri, catalog: REST_MAIN_CATALOG, tested, only: changedViews },
      async (source) => {
        expect(source.rebound).toEqual([{ key: [schema, "big_orders"], from: branchCatalog, to: REST_MAIN_CATALOG }]);
        return catalog.merge({
          fromRef: source.fromRef,
          fromHash: source.fromHash,
          into: "main",
          expectedIntoHash: main.hash,
          meta: { message: `it: publish ${branch}` },
        });
      },
    );
    expect(merge.ok).toBe(true);
    expect(await catalog.getReference(`${branch}__tform_publish_${tested.hash.slice(0, 12)}`)).toBeUndefined();
    expect((await catalog.requireReference(branch)).hash).toBe(tested.hash);

    // the branch moves on after publish: main's view must not follow it
    await engine.execute(`INSERT INTO ${branchCatalog}.${schema}.orders VALUES (4, 40)`);
    expect((await engine.execute(`SELECT count(*) FROM ${REST_MAIN_CATALOG}.${schema}.big_orders`)).rows).toEqual([
      [2],
    ]);

    await engine.execute(`DROP CATALOG ${branchCatalog}`);
    await catalog.deleteReference(await catalog.requireReference(branch));
    const rows = (await engine.execute(`SELECT id, amount FROM ${REST_MAIN_CATALOG}.${schema}.big_orders ORDER BY id`))
      .rows;
    expect(rows).toEqual([
      [2, 20],
      [3, 30],
    ]);
  });

  it("without rebinding, a merged view names the branch catalog and fails once that catalog is dropped", async () => {
    const name = uniqueName("it_vraw");
    const rawCatalog = `${name}_cat`;
    await catalog.createBranch(name, await catalog.requireReference("main"));
    try {
      await engine.execute(createRestBranchCatalogSql(rawCatalog, name));
      await engine.execute(`CREATE TABLE ${rawCatalog}.${schema}.raw_t AS SELECT 1 AS x`);
      await engine.execute(
        `CREATE VIEW ${rawCatalog}.${schema}.raw_view AS SELECT count(*) AS n FROM ${schema}.raw_t`,
        { catalog: rawCatalog, schema },
      );
      const ref = await catalog.requireReference(name);
      const main = await catalog.requireReference("main");
      expect(
        (
          await catalog.merge({
            fromRef: name,
            fromHash: ref.hash,
            into: "main",
            expectedIntoHash: main.hash,
            meta: { message: "it: raw view" },
          })
        ).ok,
      ).toBe(true);
      await engine.execute(`DROP CATALOG ${rawCatalog}`);
      await expect(engine.execute(`SELECT * FROM ${REST_MAIN_CATALOG}.${schema}.raw_view`)).rejects.toThrow(
        new RegExp(`Catalog '${rawCatalog}' not found`),
      );
    } finally {
      // a view that cannot be read must not stay on main
      await engine.execute(`DROP VIEW IF EXISTS ${REST_MAIN_CATALOG}.${schema}.raw_view`).catch(() => undefined);
      await engine.execute(`DROP CATALOG IF EXISTS ${rawCatalog}`).catch(() => undefined);
      const ref = await catalog.getReference(name);
      if (ref) await catalog.deleteReference(ref);
    }
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { ExecutionError } from "../../src/errors.js";
import { createBranchCatalogSql, MAIN_CATALOG, nessieCatalog, trinoEngine, uniqueName } from "./sandbox-harness.js";

/** Issue 4 §2: the whole branch → build → merge → time-travel flow on the real Trino + Nessie. */
describe("core flow on the sandbox: branch, CTAS on the branch, merge, time travel", () => {
  const engine = trinoEngine();
  const catalog = nessieCatalog();
  const schema = uniqueName("it_core");
  const branch = uniqueName("it_dev");
  const branchCatalog = uniqueName("it_cat");

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS ${branchCatalog}`).catch(() => undefined);
    const ref = await catalog.getReference(branch);
    if (ref) await catalog.deleteReference(ref);
    await engine.close();
  });

  it("creates a table on a branch, publishes it to main by merge, and time travel returns the old rows", async () => {
    await engine.execute(`CREATE SCHEMA ${MAIN_CATALOG}.${schema}`);

    const main = await catalog.requireReference("main");
    const dev = await catalog.createBranch(branch, main);
    expect(dev).toMatchObject({ name: branch, type: "BRANCH", hash: main.hash });

    await engine.execute(createBranchCatalogSql(branchCatalog, branch));
    const ctas = await engine.execute(
      `CREATE TABLE ${branchCatalog}.${schema}.orders AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)`,
    );
    expect(ctas.updateCount).toBe(2);
    const [[firstSnapshot]] = (
      await engine.execute(`SELECT snapshot_id FROM ${branchCatalog}.${schema}."orders$snapshots"`)
    ).rows as [[string]];
    await engine.execute(`INSERT INTO ${branchCatalog}.${schema}.orders VALUES (3, 'c')`);

    expect((await engine.execute(`SELECT count(*) FROM ${branchCatalog}.${schema}.orders`)).rows).toEqual([[3]]);
    const onMain = await engine
      .execute(`SELECT count(*) FROM ${MAIN_CATALOG}.${schema}.orders`)
      .catch((e: unknown) => e);
    expect(onMain).toBeInstanceOf(ExecutionError);
    expect((onMain as Error).message).toContain("TABLE_NOT_FOUND");

    const devNow = await catalog.requireReference(branch);
    const mainNow = await catalog.requireReference("main");
    const merge = await catalog.merge({
      fromRef: branch,
      fromHash: devNow.hash,
      into: "main",
      expectedIntoHash: mainNow.hash,
      meta: { message: `it: publish ${branch}`, properties: { "tform.test": "core-flow" } },
    });
    expect(merge).toMatchObject({ ok: true, conflicts: [] });
    expect(merge.resultHash).not.toBe(mainNow.hash);
    expect((await catalog.requireReference("main")).hash).toBe(merge.resultHash);

    expect((await engine.execute(`SELECT id, name FROM ${MAIN_CATALOG}.${schema}.orders ORDER BY id`)).rows).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    const past = await engine.execute(
      `SELECT id FROM ${MAIN_CATALOG}.${schema}.orders FOR VERSION AS OF ${firstSnapshot} ORDER BY id`,
    );
    expect(past.rows).toEqual([[1], [2]]);
  });

  it("refuses views in native Nessie mode with Trino's NOT_SUPPORTED error", async () => {
    const err = await engine
      .execute(`CREATE VIEW ${MAIN_CATALOG}.${schema}.v AS SELECT 1 AS x`)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutionError);
    expect((err as Error).message).toMatch(/NOT_SUPPORTED.*createView is not supported for Iceberg Nessie catalogs/);
  });
});

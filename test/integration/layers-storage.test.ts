import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createRestBranchCatalogSql,
  REST_MAIN_CATALOG,
  restCatalog,
  restEngine,
  restSandbox,
  uniqueName,
} from "./rest-harness.js";

const LAYERS = ["bronze", "silver", "gold"] as const;

async function filePaths(engine: ReturnType<typeof restEngine>, table: string): Promise<string[]> {
  return (await engine.execute(`SELECT file_path FROM ${table.replace(/\.([^.]+)$/, '."$1$files"')}`)).rows.map((r) =>
    String(r[0]),
  );
}

/** Issue 7 §4: bronze, silver and gold in their own buckets (REST + S3) or folders (plain catalog). */
describe("storage per layer", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const run = uniqueName("it_layers");
  const branch = `${run}_dev`;
  const branchCatalog = `${run}_cat`;

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS ${branchCatalog}`).catch(() => undefined);
    const ref = await catalog.getReference(branch);
    if (ref) await catalog.deleteReference(ref);
    await engine.close();
  });

  it("REST mode: a schema per layer with its bucket as location puts each layer's data files in that bucket, on the branch and on main after merge", async () => {
    await catalog.createBranch(branch, await catalog.requireReference("main"));
    await engine.execute(createRestBranchCatalogSql(branchCatalog, branch));
    for (const layer of LAYERS) {
      // the schema template tform applies per layer: s3://{layer}/{schema}
      await engine.execute(
        `CREATE SCHEMA ${branchCatalog}.${run}_${layer} WITH (location = 's3://${layer}/${run}_${layer}')`,
      );
      await engine.execute(`CREATE TABLE ${branchCatalog}.${run}_${layer}.t AS SELECT '${layer}' AS layer`);
      const paths = await filePaths(engine, `${branchCatalog}.${run}_${layer}.t`);
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) expect(p).toMatch(new RegExp(`^s3://${layer}/${run}_${layer}/t-?[0-9a-f_-]*/data/`));
      expect(existsSync(join(restSandbox().s3DataDir, layer, `${run}_${layer}`))).toBe(true);
    }
    const ref = await catalog.requireReference(branch);
    const main = await catalog.requireReference("main");
    expect(
      (
        await catalog.merge({
          fromRef: branch,
          fromHash: ref.hash,
          into: "main",
          expectedIntoHash: main.hash,
          meta: { message: "it: layers" },
        })
      ).ok,
    ).toBe(true);
    for (const layer of LAYERS)
      for (const p of await filePaths(engine, `${REST_MAIN_CATALOG}.${run}_${layer}.t`))
        expect(p.startsWith(`s3://${layer}/`)).toBe(true);
  });

  it("REST mode: Nessie 0.99 places a table under its namespace's location and ignores the table's own `location`", async () => {
    const schema = `${run}_own`;
    await engine.execute(`CREATE SCHEMA ${REST_MAIN_CATALOG}.${schema}`);
    await engine.execute(
      `CREATE TABLE ${REST_MAIN_CATALOG}.${schema}.t WITH (location = 's3://gold/${schema}/t') AS SELECT 1 AS x`,
    );
    for (const p of await filePaths(engine, `${REST_MAIN_CATALOG}.${schema}.t`))
      expect(p.startsWith(`s3://warehouse/${schema}/`)).toBe(true);
  });

  it("plain catalog: a table's `location` puts its files in the layer's folder", async () => {
    const plain = restSandbox().plainCatalog;
    const schema = `${run}_plain`;
    await engine.execute(`CREATE SCHEMA ${plain}.${schema}`);
    for (const layer of LAYERS) {
      await engine.execute(
        `CREATE TABLE ${plain}.${schema}.${layer}_t WITH (location = 'local:///${layer}/${schema}/${layer}_t') AS SELECT '${layer}' AS layer`,
      );
      for (const p of await filePaths(engine, `${plain}.${schema}.${layer}_t`))
        expect(p.startsWith(`local:///${layer}/${schema}/${layer}_t/data/`)).toBe(true);
    }
    const warehouse = join(restSandbox().sandboxDir, "plain-warehouse");
    expect(readdirSync(warehouse)).toEqual(expect.arrayContaining([...LAYERS]));
  });
});

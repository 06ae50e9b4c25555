import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Target } from "../../src/project/types.js";
import { publish } from "../../src/publish/publish.js";
import { bindRefCatalog } from "../../src/publish/ref-catalog.js";
import { rollback } from "../../src/publish/rollback.js";
import { showModel, modelHistory } from "../../src/publish/time-travel.js";
import { nativeNessieCatalogProperties } from "../../src/sandbox/trino-config.js";
import { testProject } from "../../src/testing/test-project.js";
import { MAIN_CATALOG, nessieCatalog, sandbox, trinoEngine, uniqueName } from "./sandbox-harness.js";

/** build → test → publish → rollback → time travel on the real Trino + Nessie, through tform's library. */
describe("publish on the sandbox", () => {
  const catalog = nessieCatalog();
  const engine = trinoEngine();
  const schema = uniqueName("it_pub");
  const provenance = { tformVersion: "test", project: "it", user: "it" };
  const branches: string[] = [];
  let target: Target;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "tform-it-publish-"));
    target = {
      name: "sandbox",
      profileName: "it",
      type: "trino",
      host: "127.0.0.1",
      port: 0,
      httpScheme: "http",
      user: "tform",
      catalog: MAIN_CATALOG,
      schema,
      threads: 1,
      sessionProperties: {},
      nessie: { uri: sandbox().nessieUri, defaultBranch: "main" },
      branchCatalog: {
        connector: "iceberg",
        mode: "native",
        properties: nativeNessieCatalogProperties(sandbox().nessieUri, "{branch}", sandbox().warehouseDir),
      },
    };
    // a project whose one test, not_null on orders.id, `tform test --branch` runs through the library
    await writeFile(join(root, "dbt_project.yml"), "name: it\nprofile: lakehouse_shop\n");
    await writeFile(
      join(root, "profiles.yml"),
      (await readFile(sandbox().profilesFile, "utf8")).replace(/^(\s+schema:) analytics$/gm, `$1 ${schema}`),
    );
    await mkdir(join(root, "models"));
    await writeFile(join(root, "models", "orders.sql"), "select 1 as id\n");
    await writeFile(
      join(root, "models", "schema.yml"),
      "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
    );
    await engine.execute(`create schema ${MAIN_CATALOG}.${schema}`);
    await engine.execute(`create table ${MAIN_CATALOG}.${schema}.orders as select 1 as id`);
  });

  afterAll(async () => {
    for (const name of branches) {
      await engine.execute(`drop catalog if exists "${MAIN_CATALOG}__${name}"`).catch(() => undefined);
      for (const n of [name, `tform-tested-${name}`]) {
        const ref = await catalog.getReference(n);
        if (ref) await catalog.deleteReference(ref).catch(() => undefined);
      }
    }
    await engine.close();
  });

  async function branchWith(statements: (cat: string) => string[]): Promise<{ name: string; cat: string }> {
    const name = uniqueName("it_dev");
    branches.push(name);
    await catalog.createBranch(name, (await catalog.getReference("main"))!);
    const cat = await bindRefCatalog(engine, target, name);
    for (const sql of statements(`"${cat}"."${schema}"`)) await engine.execute(sql);
    return { name, cat };
  }

  /** `tform test --branch NAME` as the library runs it: the project's not_null test, its hash recorded for publish. */
  async function testBranch(name: string, cat: string): Promise<"pass" | "fail"> {
    const result = await testProject({ projectDir: root, profilesDir: root, branch: name, engine });
    expect(result.tested).toEqual({ branch: name, hash: (await catalog.getReference(name))!.hash });
    expect(result.results.map((r) => r.compiledPath)).toEqual([expect.stringContaining("not_null_orders_id")]);
    expect(cat).toBe(`${MAIN_CATALOG}__${name}`);
    return result.passed ? "pass" : "fail";
  }

  const mainHash = async () => (await catalog.getReference("main"))!.hash;
  const count = async (table: string) =>
    Number((await engine.execute(`select count(*) from ${MAIN_CATALOG}.${schema}.${table}`)).rows[0]![0]);

  let firstTag = "";

  it("build → test → publish moves every table of the branch to main in one merge, tagged", async () => {
    const dev = await branchWith((t) => [
      `create or replace table ${t}.orders as select * from (values 1, 2) as v(id)`,
      `create table ${t}.revenue as select 10 as total`,
    ]);
    expect(await testBranch(dev.name, dev.cat)).toBe("pass");
    const before = await mainHash();
    const result = await publish({
      catalog,
      projectRoot: root,
      targetPath: "target",
      branch: dev.name,
      provenance,
      tag: uniqueName("it_release"),
    });
    expect(result.changes.map((c) => `${c.change}:${c.key.join(".")}`).sort()).toEqual([
      `added:${schema}.revenue`,
      `replaced:${schema}.orders`,
    ]);
    expect(await mainHash()).toBe(result.intoHashAfter);
    const log = await catalog.history("main", 1);
    expect(log[0]!.hash).toBe(result.intoHashAfter);
    expect(log[0]!.meta.properties?.["tform.tested-hash"]).toBe(result.testedHash);
    expect(log[0]!.parentHash).toBe(before);
    expect(await count("orders")).toBe(2);
    expect(await count("revenue")).toBe(1);
    firstTag = result.tag!;
  });

  it("a failing test makes publish refuse, and main keeps its hash", async () => {
    const dev = await branchWith((t) => [
      `create or replace table ${t}.orders as select * from (values 1, null) as v(id)`,
    ]);
    expect(await testBranch(dev.name, dev.cat)).toBe("fail");
    const before = await mainHash();
    await expect(
      publish({ catalog, projectRoot: root, targetPath: "target", branch: dev.name, provenance }),
    ).rejects.toMatchObject({ code: "TF701" });
    expect(await mainHash()).toBe(before);
  });

  it("a change to another table of main after testing merges cleanly; a change to the same table is a named conflict that moves nothing", async () => {
    const clean = await branchWith((t) => [`create or replace table ${t}.revenue as select 20 as total`]);
    const clash = await branchWith((t) => [
      `create or replace table ${t}.orders as select * from (values 1, 2, 3) as v(id)`,
    ]);
    expect(await testBranch(clean.name, clean.cat)).toBe("pass");
    expect(await testBranch(clash.name, clash.cat)).toBe("pass");
    await engine.execute(`insert into ${MAIN_CATALOG}.${schema}.orders values 4`); // main moves after both were tested
    const ok = await publish({
      catalog,
      projectRoot: root,
      targetPath: "target",
      branch: clean.name,
      provenance,
      tag: uniqueName("it_release"),
    });
    expect(ok.changes.map((c) => c.key.join("."))).toEqual([`${schema}.revenue`]);
    expect(await count("orders")).toBe(3);
    const [mainBefore, clashBefore] = [await mainHash(), (await catalog.getReference(clash.name))!.hash];
    const err = await publish({
      catalog,
      projectRoot: root,
      targetPath: "target",
      branch: clash.name,
      provenance,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TF603" });
    expect((err as { conflicts: string[] }).conflicts).toContain(`${schema}.orders`);
    expect([await mainHash(), (await catalog.getReference(clash.name))!.hash]).toEqual([mainBefore, clashBefore]);
  });

  it("rollback to the first release restores main's hash at that release, and time travel shows earlier rows", async () => {
    const tag = (await catalog.getReference(firstTag))!;
    const result = await rollback({ catalog, to: firstTag, confirm: async () => true });
    expect(result.applied).toBe(true);
    expect(await mainHash()).toBe(tag.hash);
    expect(await count("orders")).toBe(2);

    const table = { schema, identifier: "orders" };
    const atTag = await showModel({
      engine,
      catalog,
      trinoCatalog: MAIN_CATALOG,
      table,
      at: firstTag,
      bindRef: (r) => bindRefCatalog(engine, target, r.name),
    });
    expect(atTag.rows).toHaveLength(2);
    const history = await modelHistory({ engine, trinoCatalog: MAIN_CATALOG, table });
    const first = await showModel({
      engine,
      trinoCatalog: MAIN_CATALOG,
      table,
      at: history[0]!.snapshotId,
      bindRef: async () => "",
    });
    expect(first.rows).toEqual([[1]]);
  });
});

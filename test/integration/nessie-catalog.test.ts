import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reference } from "../../src/catalog/catalog.js";
import { CatalogError } from "../../src/errors.js";
import { createBranchCatalogSql, MAIN_CATALOG, nessieCatalog, trinoEngine, uniqueName } from "./sandbox-harness.js";

/** NessieCatalog against the real Nessie: each API shape checked on the server tform ships with. */
describe("NessieCatalog on the sandbox's Nessie", () => {
  const catalog = nessieCatalog();
  const engine = trinoEngine();
  const schema = uniqueName("it_nessie");
  const a = uniqueName("it_a");
  const b = uniqueName("it_b");
  const catA = uniqueName("it_cat_a");
  const catB = uniqueName("it_cat_b");
  const created: string[] = [];
  let base: Reference;

  beforeAll(async () => {
    // the table exists on main before both branches fork, so both can change it (a conflict)
    await engine.execute(`CREATE SCHEMA ${MAIN_CATALOG}.${schema}`);
    await engine.execute(`CREATE TABLE ${MAIN_CATALOG}.${schema}.t AS SELECT 1 AS x`);
    base = await catalog.requireReference("main");
    for (const [name, cat] of [
      [a, catA],
      [b, catB],
    ] as const) {
      await catalog.createBranch(name, base);
      created.push(name);
      await engine.execute(createBranchCatalogSql(cat, name));
    }
  });

  afterAll(async () => {
    for (const cat of [catA, catB]) await engine.execute(`DROP CATALOG IF EXISTS ${cat}`).catch(() => undefined);
    for (const name of created) {
      const ref = await catalog.getReference(name);
      if (ref) await catalog.deleteReference(ref);
    }
    await engine.close();
  });

  it("reads, lists and reports missing references", async () => {
    expect(await catalog.getReference(uniqueName("nope"))).toBeUndefined();
    await expect(catalog.requireReference(uniqueName("nope"))).rejects.toMatchObject({ code: "TF601" });
    const names = (await catalog.listReferences()).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["main", a, b]));
  });

  it("refuses to create a reference that exists (TF606)", async () => {
    await expect(catalog.createBranch(a, base)).rejects.toMatchObject({ code: "TF606" });
  });

  it("diffs, lists contents and shows history with commit metadata", async () => {
    await engine.execute(`CREATE TABLE ${catA}.${schema}.added AS SELECT 1 AS y`);
    const refA = await catalog.requireReference(a);
    const diff = await catalog.diff(base, refA);
    expect(diff).toEqual([{ key: [schema, "added"], kind: "ICEBERG_TABLE", change: "added" }]);
    const contents = await catalog.listContents(refA);
    expect(contents).toEqual(
      expect.arrayContaining([
        { key: [schema], kind: "NAMESPACE" },
        { key: [schema, "t"], kind: "ICEBERG_TABLE" },
        { key: [schema, "added"], kind: "ICEBERG_TABLE" },
      ]),
    );
    const log = await catalog.history(a, 2);
    expect(log).toHaveLength(2);
    expect(log[0]!.hash).toBe(refA.hash);
    expect(log[0]!.parentHash).toBe(log[1]!.hash);
    expect(log[0]!.meta.message).toMatch(/added/);
  });

  it("a dry-run merge reports success without moving the target", async () => {
    const into = await catalog.requireReference(b);
    const from = await catalog.requireReference(a);
    const result = await catalog.merge({
      fromRef: a,
      fromHash: from.hash,
      into: b,
      expectedIntoHash: into.hash,
      meta: { message: "dry" },
      dryRun: true,
    });
    expect(result).toEqual({ ok: true, applied: false, resultHash: into.hash, conflicts: [] });
    expect((await catalog.requireReference(b)).hash).toBe(into.hash);
  });

  it("reports a conflict table by table and leaves both branches as they were", async () => {
    await engine.execute(`INSERT INTO ${catA}.${schema}.t VALUES (2)`);
    await engine.execute(`INSERT INTO ${catB}.${schema}.t VALUES (3)`);
    const from = await catalog.requireReference(a);
    const into = await catalog.requireReference(b);
    const result = await catalog.merge({
      fromRef: a,
      fromHash: from.hash,
      into: b,
      expectedIntoHash: into.hash,
      meta: { message: "conflict" },
    });
    expect(result.ok).toBe(false);
    expect(result.conflicts).toEqual([[schema, "t"]]);
    expect((await catalog.requireReference(b)).hash).toBe(into.hash);
    expect((await catalog.requireReference(a)).hash).toBe(from.hash);
  });

  it("tags, assigns with an expected hash, and rejects a stale expected hash (TF602)", async () => {
    const refA = await catalog.requireReference(a);
    const tag = uniqueName("it_tag");
    const t = await catalog.createTag(tag, refA);
    created.push(tag);
    expect(t).toEqual({ name: tag, type: "TAG", hash: refA.hash });

    const refB = await catalog.requireReference(b);
    const moved = await catalog.assignBranch(b, refB.hash, refA);
    expect(moved).toMatchObject({ name: b, hash: refA.hash });
    await expect(catalog.assignBranch(b, refB.hash, base)).rejects.toMatchObject({ code: "TF602" });
    await expect(catalog.deleteReference({ ...refB })).rejects.toBeInstanceOf(CatalogError);
  });

  it("history of a commit hash walks back from that commit", async () => {
    const log = await catalog.history(base.hash, 1);
    expect(log[0]!.hash).toBe(base.hash);
  });
});

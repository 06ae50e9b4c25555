import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { CatalogError } from "../../src/errors.js";

async function ref(c: MemoryCatalog, name: string) {
  const r = await c.getReference(name);
  if (!r) throw new Error(`no ref ${name}`);
  return r;
}

describe("MemoryCatalog", () => {
  it("keeps a branch's writes off main until merged, then merges them in one commit", async () => {
    const c = new MemoryCatalog();
    const main0 = await ref(c, "main");
    await c.createBranch("dev", main0);
    const devHash = c.putTables("dev", "silver.orders", "gold.revenue");
    expect(await c.listContents(await ref(c, "main"))).toEqual([]);
    const res = await c.merge({
      fromRef: "dev",
      fromHash: devHash,
      into: "main",
      expectedIntoHash: main0.hash,
      meta: { message: "publish" },
    });
    expect(res.ok).toBe(true);
    const main1 = await ref(c, "main");
    expect(main1.hash).toBe(res.resultHash);
    expect((await c.listContents(main1)).map((e) => e.key.join("."))).toEqual(["gold.revenue", "silver.orders"]);
    expect((await c.history("main")).length).toBe(2);
  });

  it("merges only up to the pinned fromHash, not later commits on the branch", async () => {
    const c = new MemoryCatalog();
    await c.createBranch("dev", await ref(c, "main"));
    const tested = c.putTables("dev", "a.t1");
    c.putTables("dev", "a.t2");
    const main0 = await ref(c, "main");
    await c.merge({
      fromRef: "dev",
      fromHash: tested,
      into: "main",
      expectedIntoHash: main0.hash,
      meta: { message: "m" },
    });
    expect((await c.listContents(await ref(c, "main"))).map((e) => e.key.join("."))).toEqual(["a.t1"]);
  });

  it("reports a key changed on both sides as a conflict and moves nothing", async () => {
    const c = new MemoryCatalog();
    await c.createBranch("dev", await ref(c, "main"));
    const devHash = c.putTables("dev", "a.t1", "a.t2");
    const main0 = await ref(c, "main");
    c.putTables("main", "a.t1");
    const mainMoved = await ref(c, "main");
    const res = await c.merge({
      fromRef: "dev",
      fromHash: devHash,
      into: "main",
      expectedIntoHash: main0.hash,
      meta: { message: "m" },
    });
    expect(res).toEqual({ ok: false, applied: false, resultHash: mainMoved.hash, conflicts: [["a", "t1"]] });
    expect((await ref(c, "main")).hash).toBe(mainMoved.hash);
    expect((await ref(c, "dev")).hash).toBe(devHash);
  });

  it("merges cleanly when main moved on other keys", async () => {
    const c = new MemoryCatalog();
    await c.createBranch("dev", await ref(c, "main"));
    const devHash = c.putTables("dev", "a.t1");
    const main0 = await ref(c, "main");
    c.putTables("main", "b.other");
    const res = await c.merge({
      fromRef: "dev",
      fromHash: devHash,
      into: "main",
      expectedIntoHash: main0.hash,
      meta: { message: "m" },
    });
    expect(res.ok).toBe(true);
    expect((await c.listContents(await ref(c, "main"))).length).toBe(2);
  });

  it("diffs added, changed and removed keys", async () => {
    const c = new MemoryCatalog();
    c.putTables("main", "a.keep", "a.change", "a.drop");
    await c.createBranch("dev", await ref(c, "main"));
    c.putTables("dev", "a.change", "a.new");
    c.commit("dev", [{ kind: "delete", key: ["a", "drop"] }]);
    const d = await c.diff(await ref(c, "main"), await ref(c, "dev"));
    expect(d.map((e) => `${e.change}:${e.key.join(".")}`)).toEqual([
      "changed:a.change",
      "removed:a.drop",
      "added:a.new",
    ]);
  });

  it("dry-run merge changes nothing", async () => {
    const c = new MemoryCatalog();
    await c.createBranch("dev", await ref(c, "main"));
    const devHash = c.putTables("dev", "a.t1");
    const main0 = await ref(c, "main");
    const res = await c.merge({
      fromRef: "dev",
      fromHash: devHash,
      into: "main",
      expectedIntoHash: main0.hash,
      meta: { message: "m" },
      dryRun: true,
    });
    expect(res.ok).toBe(true);
    expect((await ref(c, "main")).hash).toBe(main0.hash);
  });

  it("assignBranch refuses when the branch moved, and tags stay put", async () => {
    const c = new MemoryCatalog();
    const main0 = await ref(c, "main");
    await c.createTag("release-1", main0);
    c.putTables("main", "a.t1");
    const main1 = await ref(c, "main");
    await expect(c.assignBranch("main", main0.hash, await ref(c, "release-1"))).rejects.toBeInstanceOf(CatalogError);
    await c.assignBranch("main", main1.hash, await ref(c, "release-1"));
    expect((await ref(c, "main")).hash).toBe(main0.hash);
    await expect(c.createTag("release-1", main1)).rejects.toMatchObject({ code: "TF606" });
  });
});

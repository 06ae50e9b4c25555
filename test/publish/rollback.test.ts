import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { rollback } from "../../src/publish/rollback.js";
import { releaseTags } from "../../src/publish/release-tags.js";

async function twoReleases() {
  const catalog = new MemoryCatalog();
  catalog.putTables("main", "gold.revenue");
  await catalog.createTag("release-1", (await catalog.getReference("main"))!);
  catalog.putTables("main", "gold.revenue", "gold.new");
  await catalog.createTag("release-2", (await catalog.getReference("main"))!);
  await catalog.createTag("tform-tested-dev", (await catalog.getReference("main"))!);
  return catalog;
}

describe("rollback", () => {
  it("lists release tags on main's history newest first, leaving out test records", async () => {
    const catalog = await twoReleases();
    expect((await releaseTags(catalog, "main")).map((r) => r.tag.name)).toEqual(["release-2", "release-1"]);
  });

  it("goes back to the previous release after confirmation and restores its hash", async () => {
    const catalog = await twoReleases();
    const release1 = (await catalog.getReference("release-1"))!;
    let asked = false;
    const result = await rollback({ catalog, confirm: async (plan) => ((asked = true), plan.to.name === "release-1") });
    expect(asked).toBe(true);
    expect(result.applied).toBe(true);
    expect(result.changes.map((c) => `${c.change}:${c.key.join(".")}`)).toEqual([
      "removed:gold.new",
      "replaced:gold.revenue",
    ]);
    expect((await catalog.getReference("main"))!.hash).toBe(release1.hash);
  });

  it("moves nothing when the confirmation is refused", async () => {
    const catalog = await twoReleases();
    const before = (await catalog.getReference("main"))!.hash;
    expect((await rollback({ catalog, confirm: async () => false })).applied).toBe(false);
    expect((await catalog.getReference("main"))!.hash).toBe(before);
  });

  it("refuses when main moved while the user was asked", async () => {
    const catalog = await twoReleases();
    await expect(
      rollback({ catalog, to: "release-1", confirm: async () => (catalog.putTables("main", "x.y"), true) }),
    ).rejects.toMatchObject({ code: "TF602" });
  });

  it("names the problem when there is no earlier release", async () => {
    const catalog = new MemoryCatalog();
    await expect(rollback({ catalog, confirm: async () => true })).rejects.toMatchObject({ code: "TF625" });
  });
});

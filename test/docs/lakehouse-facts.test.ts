/** Releases on main and the tables each one's merge changed, read from the catalog's history. */
import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { releasesOf } from "../../src/docs/lakehouse-facts.js";

describe("releasesOf", () => {
  it("names, newest first, the tables between each release tag's commit and its parent on main", async () => {
    const catalog = new MemoryCatalog();
    catalog.putTables("main", "gold.a", "gold.b");
    await catalog.createTag("r1", (await catalog.getReference("main"))!);
    catalog.putTables("main", "silver.c");
    catalog.putTables("main", "gold.B");
    await catalog.createTag("r2", (await catalog.getReference("main"))!);
    const releases = await releasesOf(catalog, "main");
    // r2's own commit changed only gold.B: the commit before it (silver.c) is no release's
    expect(releases.map((r) => [r.name, r.tables])).toEqual([
      ["r2", ["gold.b"]],
      ["r1", ["gold.a", "gold.b"]],
    ]);
    expect(releases[0]!.hash).toBe((await catalog.getReference("r2"))!.hash);
  });

  it("looks at the newest `max` releases only and ignores tags off the branch", async () => {
    const catalog = new MemoryCatalog();
    for (const n of [1, 2, 3]) {
      catalog.putTables("main", `gold.t${n}`);
      await catalog.createTag(`r${n}`, (await catalog.getReference("main"))!);
    }
    await catalog.createBranch("dev", (await catalog.getReference("main"))!);
    catalog.putTables("dev", "gold.x");
    await catalog.createTag("on-dev", (await catalog.getReference("dev"))!);
    expect((await releasesOf(catalog, "main", 2)).map((r) => r.name)).toEqual(["r3", "r2"]);
  });
});

import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { diffBranch } from "../../src/publish/diff-branch.js";
import { modelHistory, parseAt, showModel } from "../../src/publish/time-travel.js";
import { ScriptedEngine } from "../testing/scripted-engine.js";

describe("parseAt", () => {
  it("tells snapshot ids, timestamps and reference names apart", () => {
    expect(parseAt("4812334129384750012")).toEqual({ kind: "snapshot", id: "4812334129384750012" });
    expect(parseAt("2026-11-23T10:15:00Z")).toEqual({ kind: "timestamp", at: new Date("2026-11-23T10:15:00Z") });
    expect(parseAt("2026-11-23 10:15:00")).toEqual({ kind: "timestamp", at: new Date("2026-11-23T10:15:00Z") });
    expect(parseAt("release-20261123T101500Z")).toEqual({ kind: "ref", name: "release-20261123T101500Z" });
  });
});

describe("showModel", () => {
  const catalog = new MemoryCatalog();
  it("queries a snapshot or a timestamp with Trino time travel", async () => {
    const engine = new ScriptedEngine();
    const bindRef = async () => "unused";
    await showModel({ engine, catalog, trinoCatalog: "lake", table: { schema: "gold", identifier: "rev" }, at: "4812334129384750012", limit: 3, bindRef });
    await showModel({ engine, catalog, trinoCatalog: "lake", table: { schema: "gold", identifier: "rev" }, at: "2026-11-23T10:15:00Z", bindRef });
    expect(engine.statements).toEqual([
      'select * from "lake"."gold"."rev" for version as of 4812334129384750012 limit 3',
      "select * from \"lake\".\"gold\".\"rev\" for timestamp as of TIMESTAMP '2026-11-23 10:15:00.000 UTC' limit 20",
    ]);
  });

  it("reads a tag through a catalog bound to it", async () => {
    await catalog.createTag("release-1", (await catalog.getReference("main"))!);
    const engine = new ScriptedEngine();
    const bound: string[] = [];
    await showModel({ engine, catalog, trinoCatalog: "lake", table: { schema: "gold", identifier: "rev" }, at: "release-1", bindRef: async (r) => (bound.push(r.name), "lake_at_release_1") });
    expect(bound).toEqual(["release-1"]);
    expect(engine.statements).toEqual(['select * from "lake_at_release_1"."gold"."rev" limit 20']);
  });
});

describe("modelHistory", () => {
  it("lists snapshots and the release tags whose table was each snapshot", async () => {
    const catalog = new MemoryCatalog();
    catalog.putTables("main", "gold.rev");
    await catalog.createTag("release-1", (await catalog.getReference("main"))!);
    const engine = new ScriptedEngine((sql) =>
      sql.includes("$snapshots")
        ? { columns: [], rows: [["11", "2026-11-23 10:00:00", "append", null, "5", "5"], ["22", "2026-11-23 11:00:00", "overwrite", "11", "7", "7"]] }
        : { columns: [], rows: [["11"]] },
    );
    const h = await modelHistory({ engine, trinoCatalog: "lake", table: { schema: "gold", identifier: "rev" }, releases: { catalog, bindRef: async () => "lake_at" } });
    expect(h.map((s) => [s.snapshotId, s.releases])).toEqual([["11", ["release-1"]], ["22", []]]);
    expect(h[1]).toMatchObject({ parentId: "11", totalRecords: "7", operation: "overwrite" });
  });
});

describe("diffBranch", () => {
  it("classifies models as new, changed, unchanged or not built, counting rows in one statement per side", async () => {
    const catalog = new MemoryCatalog();
    catalog.putTables("main", "s.same", "s.changed");
    await catalog.createBranch("dev", (await catalog.getReference("main"))!);
    catalog.putTables("dev", "s.changed", "s.fresh");
    const engine = new ScriptedEngine((sql) => ({ columns: [], rows: sql.split("union all").map((_, i) => [i, sql.includes('"dev_cat"') ? 100 + i : i]) }));
    const models = ["same", "changed", "fresh", "missing"].map((n) => ({ uniqueId: `model.p.${n}`, schema: "s", identifier: n }));
    const d = await diffBranch({ catalog, engine, branch: "dev", branchCatalog: "dev_cat", intoCatalog: "main_cat", models });
    expect(d.map((m) => m.status)).toEqual(["unchanged", "changed", "new", "not-built"]);
    expect(engine.statements).toHaveLength(2);
    expect(d[2]).toMatchObject({ branchRows: 102, intoRows: undefined });
  });
});

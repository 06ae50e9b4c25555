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
    await showModel({
      engine,
      catalog,
      trinoCatalog: "lake",
      table: { schema: "gold", identifier: "rev" },
      at: "4812334129384750012",
      limit: 3,
      bindRef,
    });
    await showModel({
      engine,
      catalog,
      trinoCatalog: "lake",
      table: { schema: "gold", identifier: "rev" },
      at: "2026-11-23T10:15:00Z",
      bindRef,
    });
    expect(engine.statements).toEqual([
      'select * from "lake"."gold"."rev" for version as of 4812334129384750012 limit 3',
      'select * from "lake"."gold"."rev" for timestamp as of TIMESTAMP \'2026-11-23 10:15:00.000 UTC\' limit 20',
    ]);
  });

  it("reads a tag through a catalog bound to it", async () => {
    await catalog.createTag("release-1", (await catalog.getReference("main"))!);
    const engine = new ScriptedEngine();
    const bound: string[] = [];
    await showModel({
      engine,
      catalog,
      trinoCatalog: "lake",
      table: { schema: "gold", identifier: "rev" },
      at: "release-1",
      bindRef: async (r) => (bound.push(r.name), "lake_at_release_1"),
    });
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
        ? {
            columns: [],
            rows: [
              ["11", "2026-11-23 10:00:00", "append", null, "5", "5"],
              ["22", "2026-11-23 11:00:00", "overwrite", "11", "7", "7"],
            ],
          }
        : { columns: [], rows: [["11"]] },
    );
    const h = await modelHistory({
      engine,
      trinoCatalog: "lake",
      table: { schema: "gold", identifier: "rev" },
      releases: { catalog, bindRef: async () => "lake_at" },
    });
    expect(h.map((s) => [s.snapshotId, s.releases])).toEqual([
      ["11", ["release-1"]],
      ["22", []],
    ]);
    expect(h[1]).toMatchObject({ parentId: "11", totalRecords: "7", operation: "overwrite" });
  });
});

describe("diffBranch", () => {
  it("classifies models as new, changed, unchanged or not built, counting rows in one statement per side", async () => {
    const catalog = new MemoryCatalog();
    catalog.putTables("main", "s.same", "s.changed");
    await catalog.createBranch("dev", (await catalog.getReference("main"))!);
    catalog.putTables("dev", "s.changed", "s.fresh");
    const engine = new ScriptedEngine((sql) => ({
      columns: [],
      rows: sql.split("union all").map((_, i) => [i, sql.includes('"dev_cat"') ? 100 + i : i]),
    }));
    const models = ["same", "changed", "fresh", "missing"].map((n) => ({
      uniqueId: `model.p.${n}`,
      schema: "s",
      identifier: n,
    }));
    const d = await diffBranch({
      catalog,
      engine,
      branch: "dev",
      branchCatalog: "dev_cat",
      intoCatalog: "main_cat",
      models,
    });
    expect(d.map((m) => m.status)).toEqual(["unchanged", "changed", "new", "not-built"]);
    expect(engine.statements).toHaveLength(2);
    expect(d[2]).toMatchObject({ branchRows: 102, intoRows: undefined });
  });
});

describe("time travel in commits mode (Nessie REST keeps only the current snapshot)", () => {
  const table = { schema: "gold", identifier: "rev" };
  const hash = "4a835e514352e0769fe7b85cac300dca18df460ab29c25bfed2463d66c3c09a1";
  const noBind = async (): Promise<string> => {
    throw new Error("commits mode binds no catalog");
  };

  async function releasedTwice() {
    const catalog = new MemoryCatalog();
    catalog.putTables("main", "gold.rev");
    const first = await catalog.createTag("release-1", (await catalog.getReference("main"))!);
    catalog.putTables("main", "gold.rev");
    const second = await catalog.createTag("release-2", (await catalog.getReference("main"))!);
    catalog.putTables("main", "gold.other");
    // the table's one snapshot as each commit saw it: 11 at release-1, 22 from release-2 on
    const engine = new ScriptedEngine((sql) => ({
      columns: [],
      rows: [
        [
          sql.includes(first.hash) ? "11" : "22",
          `2026-11-23 1${sql.includes(first.hash) ? 0 : 1}:00:00 UTC`,
          "append",
          null,
          "1",
          "1",
        ],
      ],
    }));
    return { catalog, engine, first, second };
  }

  it("tells a full Nessie commit hash from a snapshot id and a ref name", () => {
    expect(parseAt(hash)).toEqual({ kind: "commit", hash });
    expect(parseAt(hash.slice(0, 16))).toEqual({ kind: "ref", name: hash.slice(0, 16) });
  });

  it("reads a tag, a commit hash and a timestamp as `table#<commit hash>` through the main catalog", async () => {
    const { catalog, engine, first } = await releasedTwice();
    const log = await catalog.history("main");
    const r1 = await showModel({
      engine,
      catalog,
      mode: "commits",
      trinoCatalog: "lake",
      table,
      at: "release-1",
      bindRef: noBind,
    });
    const r2 = await showModel({
      engine,
      catalog,
      mode: "commits",
      trinoCatalog: "lake",
      table,
      at: hash,
      limit: 5,
      bindRef: noBind,
    });
    const r3 = await showModel({
      engine,
      catalog,
      mode: "commits",
      trinoCatalog: "lake",
      table,
      at: "2999-01-01T00:00:00Z",
      bindRef: noBind,
    });
    expect([r1.sql, r2.sql, r3.sql]).toEqual([
      `select * from "lake"."gold"."rev#${first.hash}" limit 20`,
      `select * from "lake"."gold"."rev#${hash}" limit 5`,
      `select * from "lake"."gold"."rev#${log[0]!.hash}" limit 20`,
    ]);
    await expect(
      showModel({ engine, catalog, mode: "commits", trinoCatalog: "lake", table, at: "1999-01-01", bindRef: noBind }),
    ).rejects.toMatchObject({ code: "TF626" });
  });

  it("finds the commit of a snapshot id among the head and the release tags, and refuses one it cannot place", async () => {
    const { catalog, engine, first } = await releasedTwice();
    const r = await showModel({
      engine,
      catalog,
      mode: "commits",
      trinoCatalog: "lake",
      table,
      at: "1100000000011",
      bindRef: noBind,
    }).catch((e: unknown) => e);
    expect(r).toMatchObject({ code: "TF627" });
    const engine2 = new ScriptedEngine((sql) => ({
      columns: [],
      rows: [[sql.includes(first.hash) ? "1100000000011" : "22", "2026-11-23 10:00:00 UTC", "append", null, "1", "1"]],
    }));
    const ok = await showModel({
      engine: engine2,
      catalog,
      mode: "commits",
      trinoCatalog: "lake",
      table,
      at: "1100000000011",
      bindRef: noBind,
    });
    expect(ok.commitHash).toBe(first.hash);
  });

  it("history lists one entry per distinct snapshot among the head and the release tags, with the commit to read", async () => {
    const { catalog, engine, first } = await releasedTwice();
    const h = await modelHistory({
      engine,
      trinoCatalog: "lake",
      table,
      mode: "commits",
      releases: { catalog, bindRef: noBind },
    });
    expect(h.map((s) => [s.snapshotId, s.releases, s.commitHash])).toEqual([
      ["11", ["release-1"], first.hash],
      ["22", ["release-2"], (await catalog.getReference("main"))!.hash],
    ]);
    expect(engine.statements.every((s) => s.includes("#") && s.includes('$snapshots"'))).toBe(true);
  });
});

describe("a commit hash outside commits mode", () => {
  it("is read as a branch or tag when it can be one, and refused with a hint when it starts with a digit", async () => {
    const catalog = new MemoryCatalog();
    const hex = "a".repeat(64);
    await catalog.createTag(hex, (await catalog.getReference("main"))!);
    const engine = new ScriptedEngine();
    await showModel({
      engine,
      catalog,
      trinoCatalog: "lake",
      table: { schema: "gold", identifier: "rev" },
      at: hex,
      bindRef: async () => "lake_at",
    });
    expect(engine.statements).toEqual(['select * from "lake_at"."gold"."rev" limit 20']);
    await expect(
      showModel({
        engine,
        catalog,
        trinoCatalog: "lake",
        table: { schema: "gold", identifier: "rev" },
        at: "1".repeat(63) + "a",
        bindRef: async () => "lake_at",
      }),
    ).rejects.toMatchObject({ code: "TF628" });
  });
});

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { CatalogError, TestFailureError } from "../../src/errors.js";
import { defaultReleaseTag, publish } from "../../src/publish/publish.js";
import { recordTestRun } from "../../src/publish/tested-hash.js";
import type { TestRunSummary } from "../../src/testing/run-tests.js";
import type { ViewBinder } from "../../src/publish/view-binder.js";
import { viewBinderFor } from "../../src/publish/open-lakehouse.js";

const provenance = { tformVersion: "0.1.0", project: "shop", gitSha: "abc123", user: "ci" };
const passed: Pick<TestRunSummary, "results" | "counts" | "complete" | "passed"> = {
  results: [{ uniqueId: "test.shop.t", status: "pass", severity: "error", failures: 0, sampleRows: [], seconds: 0 }],
  counts: { pass: 1, warn: 0, fail: 0, error: 0, skipped: 0 },
  complete: true,
  passed: true,
};
const failed = {
  ...passed,
  results: [{ ...passed.results[0]!, status: "fail" as const, failures: 3 }],
  counts: { ...passed.counts, pass: 0, fail: 1 },
  passed: false,
};

let root: string;
let catalog: MemoryCatalog;
const hashOf = async (name: string) => (await catalog.getReference(name))!.hash;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tform-publish-"));
  catalog = new MemoryCatalog();
  catalog.putTables("main", "silver.customers");
  await catalog.createBranch("dev", (await catalog.getReference("main"))!);
  catalog.putTables("dev", "silver.orders", "gold.revenue");
  catalog.putTables("dev", "silver.customers");
});

const record = async (summary = passed, hash?: string) =>
  recordTestRun({
    catalog,
    projectRoot: root,
    targetPath: "target",
    branch: "dev",
    testedHash: hash ?? (await hashOf("dev")),
    summary,
  });
const run = (extra: Partial<Parameters<typeof publish>[0]> = {}) =>
  publish({
    catalog,
    projectRoot: root,
    targetPath: "target",
    branch: "dev",
    provenance,
    now: new Date("2026-11-23T10:15:00.123Z"),
    ...extra,
  });

describe("publish", () => {
  it("merges the tested hash into main in one merge, tags the new head and records provenance", async () => {
    await record();
    const tested = await hashOf("dev");
    const mainBefore = await hashOf("main");
    const result = await run();
    expect(catalog.merges).toHaveLength(1);
    expect(catalog.merges[0]).toMatchObject({
      fromRef: "dev",
      fromHash: tested,
      into: "main",
      expectedIntoHash: mainBefore,
    });
    expect(catalog.merges[0]!.meta.properties).toMatchObject({
      "tform.version": "0.1.0",
      "tform.project": "shop",
      "tform.git-sha": "abc123",
      "tform.user": "ci",
      "tform.tested-hash": tested,
    });
    expect(result.tag).toBe("release-20261123T101500Z");
    expect((await catalog.getReference("release-20261123T101500Z"))!.hash).toBe(result.intoHashAfter);
    expect(await hashOf("main")).toBe(result.intoHashAfter);
    expect(result.changes.map((c) => `${c.change}:${c.key.join(".")}`).sort()).toEqual([
      "added:gold.revenue",
      "added:silver.orders",
      "replaced:silver.customers",
    ]);
  });

  it("refuses when the tests failed, naming the failures, and leaves main's hash as it was", async () => {
    await record(failed);
    const mainBefore = await hashOf("main");
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TestFailureError);
    expect(err).toMatchObject({ code: "TF701" });
    expect((err as Error).message).toContain("1 failed");
    expect(await hashOf("main")).toBe(mainBefore);
    expect(catalog.merges).toHaveLength(0);
  });

  it("refuses when no test run is recorded, or only a partial one", async () => {
    await expect(run()).rejects.toMatchObject({ code: "TF703" });
    await record({ ...passed, complete: false });
    await expect(run()).rejects.toMatchObject({ code: "TF702" });
  });

  it("refuses when the branch moved since it was tested, but not for stored test failures", async () => {
    await record();
    catalog.putTables("dev", "analytics_dbt_test__audit.unique_orders_id");
    await expect(run({ dryRun: true })).resolves.toMatchObject({ dryRun: true });
    catalog.putTables("dev", "silver.orders");
    await expect(run()).rejects.toMatchObject({ code: "TF620" });
    expect(catalog.merges).toHaveLength(1); // the dry run only
  });

  it("a failing run after a passing one withdraws the catalog record", async () => {
    await record();
    await record(failed);
    expect(await catalog.getReference("tform-tested-dev")).toBeUndefined();
    await expect(run()).rejects.toBeInstanceOf(TestFailureError);
  });

  it("merges cleanly when main changed other tables after testing, keeping main's change", async () => {
    await record();
    catalog.putTables("main", "bronze.events");
    const result = await run();
    expect(result.changes.map((c) => c.key.join(".")).sort()).toEqual([
      "gold.revenue",
      "silver.customers",
      "silver.orders",
    ]);
    expect(catalog.contentAt("main", "bronze.events")).toBeDefined();
    expect(catalog.contentAt("main", "gold.revenue")).toBeDefined();
  });

  it("reports a table changed on both sides as a named conflict and moves neither branch", async () => {
    await record();
    catalog.putTables("main", "silver.customers");
    const [mainBefore, devBefore] = [await hashOf("main"), await hashOf("dev")];
    const err = (await run().catch((e: unknown) => e)) as CatalogError;
    expect(err).toBeInstanceOf(CatalogError);
    expect(err.code).toBe("TF603");
    expect(err.conflicts).toEqual(["silver.customers"]);
    expect([await hashOf("main"), await hashOf("dev")]).toEqual([mainBefore, devBefore]);
    expect((await catalog.listReferences()).filter((r) => r.name.startsWith("release-"))).toEqual([]);
  });

  it("dry run lists added, replaced and removed tables and writes nothing", async () => {
    catalog.commit("dev", [{ kind: "delete", key: ["silver", "customers"] }]);
    await record();
    const mainBefore = await hashOf("main");
    const result = await run({ dryRun: true });
    expect(result.changes.map((c) => `${c.change}:${c.key.join(".")}`).sort()).toEqual([
      "added:gold.revenue",
      "added:silver.orders",
      "removed:silver.customers",
    ]);
    expect(await hashOf("main")).toBe(mainBefore);
    expect((await catalog.listReferences()).some((r) => r.name.startsWith("release-"))).toBe(false);
  });

  it("uses the given tag and refuses one that exists before merging", async () => {
    await record();
    await catalog.createTag("v1", (await catalog.getReference("main"))!);
    await expect(run({ tag: "v1" })).rejects.toMatchObject({ code: "TF606" });
    expect(catalog.merges).toHaveLength(0);
    expect((await run({ tag: "v2" })).tag).toBe("v2");
  });

  describe("resumed after a crash or a race", () => {
    const unreachable = () => new CatalogError("TF604", "Nessie is unreachable at http://nessie (socket hang up).");

    it("a merge whose reply was lost says it may have landed; the retry merges nothing and creates the missing tag", async () => {
      await record();
      const tested = await hashOf("dev");
      const merge = catalog.merge.bind(catalog);
      catalog.merge = async (request) => {
        await merge(request);
        throw unreachable();
      };
      const err = (await run().catch((e: unknown) => e)) as CatalogError;
      expect(err).toMatchObject({ code: "TF604" });
      expect(err.message).toMatch(/merge may have landed/);
      expect(err.hint).toMatch(/tform publish --branch dev` again.*missing tag release-20261123T101500Z/);
      const mainAfterCrash = await hashOf("main");
      expect(await catalog.getReference("release-20261123T101500Z")).toBeUndefined();

      catalog.merge = merge;
      const retry = await run({ now: new Date("2026-11-23T10:20:00Z") });
      expect(catalog.merges).toHaveLength(1);
      expect(retry.alreadyPublished).toEqual({
        hash: mainAfterCrash,
        tag: "release-20261123T101500Z",
        tagCreated: true,
      });
      expect(retry).toMatchObject({ testedHash: tested, changes: [], tag: "release-20261123T101500Z" });
      expect((await catalog.getReference("release-20261123T101500Z"))!.hash).toBe(mainAfterCrash);
      expect(await hashOf("main")).toBe(mainAfterCrash);
      // and once more: nothing left to do
      expect((await run()).alreadyPublished).toMatchObject({ tagCreated: false });
    });

    it("a tag that failed after the merge is created by the retry, which names it in the hint", async () => {
      await record();
      const createTag = catalog.createTag.bind(catalog);
      catalog.createTag = async () => {
        throw unreachable();
      };
      const err = (await run().catch((e: unknown) => e)) as CatalogError;
      expect(err).toMatchObject({ code: "TF622" });
      expect(err.hint).toMatch(/tform publish --branch dev` again to create the tag/);
      catalog.createTag = createTag;
      const retry = await run();
      expect(retry.alreadyPublished).toMatchObject({ tag: "release-20261123T101500Z", tagCreated: true });
      expect((await catalog.getReference("release-20261123T101500Z"))!.hash).toBe(await hashOf("main"));
    });

    it("a dry run reports the landed publish without creating its tag", async () => {
      await record();
      const merge = catalog.merge.bind(catalog);
      catalog.merge = async (request) => {
        await merge(request);
        throw unreachable();
      };
      await run().catch(() => undefined);
      catalog.merge = merge;
      expect((await run({ dryRun: true })).alreadyPublished).toMatchObject({ tagCreated: false });
      expect(await catalog.getReference("release-20261123T101500Z")).toBeUndefined();
    });

    it("the loser of two publishes of one tested hash merges nothing and reports the winner's merge and tag", async () => {
      await record();
      const merge = catalog.merge.bind(catalog);
      let winner: Awaited<ReturnType<typeof run>> | undefined;
      catalog.merge = async (request) => {
        if (!winner) {
          // the other publish runs to completion between this one's read of main and its merge
          catalog.merge = merge;
          winner = await run({ now: new Date("2026-11-23T10:15:00.500Z") });
        }
        return merge(request);
      };
      const loser = await run();
      expect(winner!.alreadyPublished).toBeUndefined();
      expect(loser.changes).toEqual([]);
      expect(loser.alreadyPublished).toEqual({ hash: winner!.intoHashAfter, tag: winner!.tag, tagCreated: false });
      expect(loser.intoHashAfter).toBe(winner!.intoHashAfter);
      expect(catalog.merges).toHaveLength(2);
      expect(await hashOf("main")).toBe(winner!.intoHashAfter);
    });

    it("a tag of the landed publish's name elsewhere is a tagging failure, not a silent success", async () => {
      await record();
      const createTag = catalog.createTag.bind(catalog);
      catalog.createTag = async () => {
        throw unreachable();
      };
      await run().catch(() => undefined);
      catalog.createTag = createTag;
      await catalog.createTag("release-20261123T101500Z", (await catalog.getReference("dev"))!);
      await expect(run()).rejects.toMatchObject({ code: "TF622" });
    });
  });

  it("explains that a catalog without branches cannot publish", async () => {
    catalog = new MemoryCatalog({ branches: false });
    await expect(run()).rejects.toMatchObject({ code: "TF623" });
  });

  it("formats the default tag as a compact UTC timestamp", () => {
    expect(defaultReleaseTag(new Date("2026-01-02T03:04:05.678Z"))).toBe("release-20260102T030405Z");
  });

  describe("with views (REST mode)", () => {
    /** Does what mergeWithViewsBound does to Nessie: a temporary branch at the tested hash, a commit per view, deleted after the merge. */
    const binder =
      (calls: { tested: string; views: string[] }[]): ViewBinder =>
      async (tested, views, merge) => {
        calls.push({ tested: tested.hash, views: views.map((k) => k.join(".")) });
        const temp = await catalog.createBranch("dev__tform_publish", tested);
        const head = catalog.commit(
          temp.name,
          views.map((key) => ({ kind: "put" as const, key, content: { kind: "ICEBERG_VIEW" as const } })),
          { message: "rebind" },
        );
        try {
          return await merge({
            fromRef: temp.name,
            fromHash: head,
            rebound: views.map((key) => ({ key, from: "lake__dev", to: "lake" })),
          });
        } finally {
          await catalog.deleteReference((await catalog.getReference(temp.name))!);
        }
      };
    const putView = (branch: string, key: string) =>
      catalog.commit(branch, [{ kind: "put", key: key.split("."), content: { kind: "ICEBERG_VIEW" } }]);

    it("merges the rebound copy of the tested hash, passing only the views it adds or replaces, and leaves the branch as tested", async () => {
      catalog = new MemoryCatalog();
      putView("main", "silver.old_view");
      putView("main", "silver.gone_view");
      await catalog.createBranch("dev", (await catalog.getReference("main"))!);
      putView("dev", "silver.stg_orders");
      putView("dev", "silver.old_view");
      catalog.commit("dev", [{ kind: "delete", key: ["silver", "gone_view"] }]);
      await record();
      const tested = await hashOf("dev");
      const calls: { tested: string; views: string[] }[] = [];
      const result = await run({ bindViews: binder(calls) });
      expect(calls).toEqual([{ tested, views: expect.arrayContaining(["silver.stg_orders", "silver.old_view"]) }]);
      expect(calls[0]!.views).toHaveLength(2);
      expect(catalog.merges).toHaveLength(1);
      expect(catalog.merges[0]!.fromRef).toBe("dev__tform_publish");
      expect(catalog.merges[0]!.fromHash).not.toBe(tested);
      expect(catalog.merges[0]!.meta.properties).toMatchObject({
        "tform.from-ref": "dev",
        "tform.tested-hash": tested,
        "tform.views-rebound": "2",
        "tform.tag": result.tag,
      });
      expect(result.reboundViews.map((k) => k.join(".")).sort()).toEqual(["silver.old_view", "silver.stg_orders"]);
      expect(result.testedHash).toBe(tested);
      expect(await hashOf("dev")).toBe(tested);
      expect(await catalog.getReference("dev__tform_publish")).toBeUndefined();
      expect(catalog.contentAt("main", "silver.stg_orders")).toBeDefined();
      expect(catalog.contentAt("main", "silver.gone_view")).toBeUndefined();
      expect((await catalog.getReference(result.tag!))!.hash).toBe(await hashOf("main"));
    });

    it("merges the tested hash itself when no view changed, and on a dry run writes nothing", async () => {
      const calls: { tested: string; views: string[] }[] = [];
      await record();
      await run({ bindViews: binder(calls), dryRun: true });
      putView("dev", "silver.stg_orders");
      await record();
      await run({ bindViews: binder(calls), dryRun: true });
      expect(calls).toEqual([]);
      expect(catalog.merges.map((m) => m.fromRef)).toEqual(["dev", "dev"]);
    });

    it("still refuses a failed test run before anything is rebound", async () => {
      putView("dev", "silver.stg_orders");
      await record(failed);
      const calls: { tested: string; views: string[] }[] = [];
      await expect(run({ bindViews: binder(calls) })).rejects.toMatchObject({ code: "TF701" });
      expect(calls).toEqual([]);
    });

    it("reports a conflict of the rebound merge as a named conflict, both branches unchanged", async () => {
      putView("dev", "silver.stg_orders");
      await record();
      catalog.putTables("main", "silver.customers");
      const [mainBefore, devBefore] = [await hashOf("main"), await hashOf("dev")];
      const err = await run({ bindViews: binder([]) }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "TF603", conflicts: ["silver.customers"] });
      expect([await hashOf("main"), await hashOf("dev")]).toEqual([mainBefore, devBefore]);
    });
  });

  it("binds views only for a target in REST mode", () => {
    const target = { catalog: "lake", nessie: { uri: "http://n:19120/api/v2", defaultBranch: "main" } };
    expect(
      viewBinderFor(catalog, { ...target, branchCatalog: { connector: "iceberg", mode: "native", properties: {} } }),
    ).toBeUndefined();
    expect(
      viewBinderFor(catalog, { ...target, branchCatalog: { connector: "iceberg", mode: "rest", properties: {} } }),
    ).toBeTypeOf("function");
    expect(viewBinderFor(catalog, { catalog: "lake" })).toBeUndefined();
  });
});

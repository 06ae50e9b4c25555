/** The data the docs page embeds, as `tform docs generate` builds it from a project, the warehouse and the catalog. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../../src/catalog/memory-catalog.js";
import { generateDocs } from "../../../src/docs/generate-docs.js";
import { lastStatuses, type SiteNode } from "../../../src/docs/site/site-data.js";
import type { QueryResult } from "../../../src/engine/engine.js";
import { RecordingEngine } from "../../../src/engine/recording-engine.js";
import { isTformError } from "../../../src/errors.js";
import { diskProject, projectAt } from "../../operations/disk-project.js";

const FILES = {
  "models/orders.sql": "{{ config(materialized='table', tags=['gold']) }}\nselect * from {{ ref('labels') }}",
  "models/daily.sql": "select * from {{ ref('orders') }}",
  "seeds/labels.csv": "code,label\n1,one\n",
  "models/docs.md": "{% docs orders_doc %}\nAll **orders**, <script>alert(1)</script>\n{% enddocs %}",
  "models/schema.yml": [
    "models:",
    "  - name: orders",
    "    description: \"{{ doc('orders_doc') }}\"",
    "    columns:",
    "      - name: id",
    "        description: the `id`",
    "        data_tests: [unique, not_null]",
    "      - name: planned",
    "        description: <b>not built yet</b>",
    "",
  ].join("\n"),
};

const cols = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, type: "varchar" }));

/** orders and labels exist on the branch catalog; orders has statistics and two snapshots */
function warehouse(): RecordingEngine {
  return new RecordingEngine({
    answer: (sql): QueryResult | undefined => {
      if (sql.startsWith("with tables"))
        return {
          columns: cols(8),
          rows: [
            ["analytics", "orders", "BASE TABLE", null, "ID", 1, "bigint", null],
            ["analytics", "orders", "BASE TABLE", null, "amount", 2, "decimal(10,2)", "from the warehouse"],
            ["analytics", "labels", "BASE TABLE", null, "code", 1, "integer", null],
          ],
        };
      if (sql.includes('"orders$files"')) return { columns: cols(5), rows: [["analytics", "orders", 1, 42, 2048]] };
      if (sql.includes('"orders$snapshots"'))
        return {
          columns: cols(7),
          rows: [
            ["analytics", "orders", "7", "2026-01-02 00:00:00.000 UTC", "overwrite", "42", "2048"],
            ["analytics", "orders", "6", "2026-01-01 00:00:00.000 UTC", "append", "40", "2000"],
          ],
        };
      if (sql.includes("count(*)"))
        return { columns: cols(2), rows: [...sql.matchAll(/select (\d+) as i/g)].map((m) => [Number(m[1]), 42]) };
      return undefined;
    },
  });
}

/** main has release-1 (labels) and release-2 (orders); dev changes orders */
async function lakehouse(): Promise<MemoryCatalog> {
  const catalog = new MemoryCatalog();
  catalog.putTables("main", "analytics.labels");
  await catalog.createTag("release-1", (await catalog.getReference("main"))!);
  catalog.putTables("main", "analytics.orders");
  await catalog.createTag("release-2", (await catalog.getReference("main"))!);
  await catalog.createTag("tform-tested-dev", (await catalog.getReference("main"))!);
  await catalog.createBranch("dev", (await catalog.getReference("main"))!);
  catalog.putTables("dev", "analytics.orders");
  return catalog;
}

const node = (nodes: readonly SiteNode[], id: string): SiteNode => nodes.find((n) => n.uniqueId === id)!;

describe("the docs site's data", () => {
  it("has every node in DAG order with descriptions as Markdown (doc() resolved, raw HTML escaped) and columns", async () => {
    const root = diskProject(FILES);
    const result = await generateDocs({
      ...projectAt(root),
      engine: warehouse(),
      catalog: await lakehouse(),
      branch: "dev",
    });
    const site = result.site!;
    expect(result.sitePath).toBe(join("target", "docs", "index.html"));
    const ids = site.nodes.map((n) => n.uniqueId);
    expect(ids.indexOf("seed.shop.labels")).toBeLessThan(ids.indexOf("model.shop.orders"));
    expect(ids.indexOf("model.shop.orders")).toBeLessThan(ids.indexOf("model.shop.daily"));
    expect(site.nodes.map((n) => n.resourceType).sort()).toEqual(["model", "model", "seed", "test", "test"]);
    const orders = node(site.nodes, "model.shop.orders");
    expect(orders.description).toBe("<p>All <strong>orders</strong>, &lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    // the warehouse's columns in order (matched case-insensitively to the YAML), then declared ones not built
    expect(orders.columns).toEqual([
      { name: "ID", type: "bigint", description: "<p>the <code>id</code></p>\n" },
      { name: "amount", type: "decimal(10,2)", description: "<p>from the warehouse</p>\n" },
      { name: "planned", type: null, description: "<p>&lt;b&gt;not built yet&lt;/b&gt;</p>\n" },
    ]);
    expect(orders.rawCode).toContain("ref('labels')");
    expect(orders.compiledCode).toContain('"lake"."analytics"."labels"');
    expect(orders.config).toMatchObject({ materialized: "table", tags: ["gold"] });
    expect(orders.tags).toEqual(["gold"]);
    expect(orders.tests).toHaveLength(2);
  });

  it("has each table's statistics and snapshots, the releases that changed it, and the branch versus main", async () => {
    const root = diskProject(FILES);
    const result = await generateDocs({
      ...projectAt(root),
      engine: warehouse(),
      catalog: await lakehouse(),
      branch: "dev",
    });
    const site = result.site!;
    const orders = node(site.nodes, "model.shop.orders");
    expect(orders.stats).toEqual({ rowCount: 42, bytes: 2048, files: 1 });
    expect(orders.snapshots.map((s) => s.snapshotId)).toEqual(["6", "7"]);
    expect(result.catalog.nodes["model.shop.orders"]!.stats.row_count!.value).toBe(42);
    expect(result.catalog.nodes["model.shop.orders"]!.stats.last_modified!.value).toBe("2026-01-02 00:00:00.000 UTC");
    expect(result.catalog.nodes["seed.shop.labels"]!.stats.has_stats!.value).toBe(false);
    // the tested-hash tag is not a release
    expect(site.releases.map((r) => [r.name, r.nodes])).toEqual([
      ["release-2", ["model.shop.orders"]],
      ["release-1", ["seed.shop.labels"]],
    ]);
    expect(orders.releases).toEqual(["release-2"]);
    expect(site.branch).toMatchObject({ name: "dev", into: "main" });
    expect(orders.diff).toEqual({ status: "changed", branchRows: 42, intoRows: 42 });
    expect(node(site.nodes, "seed.shop.labels").diff?.status).toBe("unchanged");
    expect(node(site.nodes, "model.shop.daily").diff?.status).toBe("not-built");
  });

  it("gives each test its status from the last run_results.json", async () => {
    const root = diskProject(FILES);
    const first = await generateDocs({
      ...projectAt(root),
      engine: warehouse(),
      catalog: await lakehouse(),
      branch: "dev",
    });
    const tests = first.site!.nodes.filter((n) => n.resourceType === "test");
    expect(tests.every((t) => t.lastStatus === undefined)).toBe(true);
    const [unique, notNull] = [
      tests.find((t) => t.name.startsWith("unique"))!,
      tests.find((t) => t.name.startsWith("not_null"))!,
    ];
    writeFileSync(
      join(root, "target", "run_results.json"),
      JSON.stringify({
        metadata: { generated_at: "2026-01-03T00:00:00Z" },
        results: [
          { unique_id: unique.uniqueId, status: "pass" },
          { unique_id: notNull.uniqueId, status: "fail", message: "Got 2 results" },
        ],
      }),
    );
    const again = await generateDocs({
      ...projectAt(root),
      engine: warehouse(),
      catalog: await lakehouse(),
      branch: "dev",
    });
    expect(node(again.site!.nodes, unique.uniqueId).lastStatus).toEqual({
      status: "pass",
      message: null,
      at: "2026-01-03T00:00:00Z",
    });
    expect(node(again.site!.nodes, notNull.uniqueId).lastStatus?.message).toBe("Got 2 results");
  });

  it("reads no status from a file that is not run results", () => {
    expect(lastStatuses(undefined).size).toBe(0);
    expect(lastStatuses({ results: "x" }).size).toBe(0);
    expect(lastStatuses({ results: [{ unique_id: 1 }, null, { unique_id: "a", status: "pass" }] }).size).toBe(1);
  });

  it("names the YAML file of a description whose doc() matches no docs block (TF730)", async () => {
    const root = diskProject({
      ...FILES,
      "models/schema.yml": "models:\n  - name: orders\n    description: \"{{ doc('nope') }}\"\n",
    });
    const error = await generateDocs({ ...projectAt(root), engine: warehouse(), catalog: await lakehouse() }).catch(
      (e: unknown) => e,
    );
    expect(isTformError(error) && error.code).toBe("TF730");
    expect(isTformError(error) && error.location?.file).toBe("models/schema.yml");
    expect(String(error)).toContain("doc('nope') in the description of model orders");
  });

  it("writes no site with site: false", async () => {
    const root = diskProject(FILES, { branching: false });
    const result = await generateDocs({ ...projectAt(root), engine: warehouse(), site: false });
    expect(result.site).toBeUndefined();
    expect(result.sitePath).toBeUndefined();
  });
});

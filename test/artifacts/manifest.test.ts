import { describe, expect, it } from "vitest";
import { buildManifest, manifestEntryJson, manifestHeadJson, manifestTailJson } from "../../src/artifacts/manifest.js";
import { buildGraph } from "../../src/graph/project-graph.js";
import { parsedFixture } from "../graph/graph-fixture.js";

describe("buildManifest", () => {
  const parsed = parsedFixture({
    sources: ["raw.orders"],
    seeds: ["countries"],
    models: [
      { name: "stg_orders", refs: ["raw.orders"], folder: "staging" },
      { name: "orders", refs: ["stg_orders", "countries"], materialized: "table" },
    ],
    tests: [{ name: "not_null_orders_id", on: ["orders"] }],
  });
  const graph = buildGraph(parsed);
  const compiled = new Map([
    [
      "model.shop.orders",
      {
        uniqueId: "model.shop.orders",
        compiledSql: "select 1",
        compiledPath: "target/compiled/shop/models/marts/orders.sql",
        relation: { database: "lake", schema: "main", identifier: "orders" },
        config: parsed.nodes.get("model.shop.orders")!.config,
      },
    ],
  ]);
  const manifest = buildManifest({
    prepared: { project: parsed.project, target: parsed.target, parsed, graph },
    compiled: compiled as never,
    invocationId: "inv-1",
    tformVersion: "9.9.9",
    generatedAt: new Date("2026-01-02T03:04:05Z"),
  });

  it("records metadata with tform's manifest version", () => {
    expect(manifest.metadata).toMatchObject({
      tform_manifest_version: 1,
      tform_version: "9.9.9",
      invocation_id: "inv-1",
      project_name: "shop",
      generated_at: "2026-01-02T03:04:05.000Z",
    });
  });

  it("describes nodes as dbt does, with compiled code only for compiled nodes", () => {
    expect(manifest.nodes["model.shop.orders"]).toMatchObject({
      resource_type: "model",
      name: "orders",
      path: "marts/orders.sql",
      original_file_path: "models/marts/orders.sql",
      fqn: ["shop", "marts", "orders"],
      depends_on: { nodes: ["model.shop.stg_orders", "seed.shop.countries"] },
      compiled: true,
      compiled_code: "select 1",
      relation_name: '"lake"."main"."x"',
    });
    expect(manifest.nodes["model.shop.stg_orders"]).toMatchObject({ compiled: false });
    expect(manifest.nodes["model.shop.stg_orders"]).not.toHaveProperty("compiled_code");
    expect(manifest.nodes["test.shop.not_null_orders_id"]).toMatchObject({
      attached_node: "model.shop.orders",
      test_metadata: { name: "not_null" },
      relation_name: null,
    });
  });

  it("lists sources and parent/child maps over every node", () => {
    expect(manifest.sources["source.shop.raw.orders"]).toMatchObject({
      source_name: "raw",
      name: "orders",
      relation_name: '"lake"."raw"."orders"',
    });
    expect(manifest.child_map["source.shop.raw.orders"]).toEqual(["model.shop.stg_orders"]);
    expect(manifest.parent_map["test.shop.not_null_orders_id"]).toEqual(["model.shop.orders"]);
  });
});

describe("manifest JSON pieces", () => {
  it("put together, are what JSON.stringify writes for the manifest", () => {
    const parsed = parsedFixture({
      sources: ["raw.orders"],
      models: [{ name: "orders", refs: ["raw.orders"] }],
      tests: [{ name: "not_null_orders_id", on: ["orders"] }],
    });
    const prepared = { project: parsed.project, target: parsed.target, parsed, graph: buildGraph(parsed) };
    const manifest = buildManifest({ prepared, invocationId: "inv-1" });
    const pieces = Object.entries(manifest.nodes).map(([id, entry]) => manifestEntryJson(id, entry));
    expect(
      `${manifestHeadJson(manifest.metadata)},"nodes":{${pieces.join(",")}}${manifestTailJson({ prepared })}`,
    ).toBe(JSON.stringify(manifest));
  });
});

import { describe, expect, it } from "vitest";
import { parseProject } from "../../src/render/parse-project.js";
import { genericTest, model, project, seed, singularTest, source, target } from "./project-builder.js";

describe("parseProject", () => {
  it("records ref, two-argument ref, source and depends_on comments as dependencies", async () => {
    const p = project({
      models: [
        model("a", "select 1"),
        model(
          "b",
          "-- depends_on: {{ ref('a') }}\nselect * from {{ ref('shop', 'c') }} join {{ source('raw', 'orders') }}",
        ),
        model("c", "select * from {{ ref('s', version=1) }}"),
      ],
      seeds: [seed("s")],
      sources: [source("raw", "orders")],
    });
    const parsed = await parseProject(p, target, { cache: false });
    expect(parsed.nodes.get("model.shop.b")!.dependsOn).toEqual([
      "model.shop.a",
      "model.shop.c",
      "source.shop.raw.orders",
    ]);
    expect(parsed.nodes.get("model.shop.c")!.dependsOn).toEqual(["seed.shop.s"]);
  });

  it("applies config() over the node's config, appending hooks and merging tags", async () => {
    const m = model(
      "a",
      "{{ config(materialized='incremental', unique_key=['id'], tags=['x'], post_hook='analyze {{ this }}') }}select 1",
      { tags: ["base"], post_hook: ["h0"] },
    );
    const parsed = await parseProject(project({ models: [m] }), target, { cache: false });
    const config = parsed.nodes.get("model.shop.a")!.config;
    expect(config.materialized).toBe("incremental");
    expect(config.unique_key).toEqual(["id"]);
    expect(config.tags).toEqual(["base", "x"]);
    expect(config.post_hook).toEqual(["h0", "analyze {{ this }}"]);
  });

  it("places nodes with dbt's default generate_schema_name: custom schema → <target schema>_<custom>", async () => {
    const parsed = await parseProject(
      project({ models: [model("a", "select 1"), model("b", "{{ config(schema='marts', alias='b2') }}select 1")] }),
      target,
      { cache: false },
    );
    expect(parsed.nodes.get("model.shop.a")!.relation).toEqual({
      database: "lake",
      schema: "analytics",
      identifier: "a",
    });
    expect(parsed.nodes.get("model.shop.b")!.relation).toEqual({
      database: "lake",
      schema: "analytics_marts",
      identifier: "b2",
    });
  });

  it("lets a project macro override generate_schema_name", async () => {
    const macros = {
      "macros/gsn.sql":
        "{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name or target.schema }}{% endmacro %}",
    };
    const parsed = await parseProject(
      project({ models: [model("a", "{{ config(schema='gold') }}select 1")], macros }),
      target,
      { cache: false },
    );
    expect(parsed.nodes.get("model.shop.a")!.relation.schema).toBe("gold");
  });

  it("gives tests their refs and the tested node as dependencies", async () => {
    const p = project({
      models: [model("orders", "select 1"), model("customers", "select 1")],
      tests: [
        genericTest("relationships", "model.shop.orders", { to: "ref('customers')", field: "id" }, "customer_id"),
        singularTest("t", "select * from {{ ref('orders') }} where 1=0"),
      ],
    });
    const parsed = await parseProject(p, target, { cache: false });
    const generic = [...parsed.nodes.values()].find((n) => n.uniqueId.startsWith("test.shop.relationships"))!;
    expect(new Set(generic.dependsOn)).toEqual(new Set(["model.shop.customers", "model.shop.orders"]));
    expect(parsed.nodes.get("test.shop.t")!.dependsOn).toEqual(["model.shop.orders"]);
  });

  it("skips disabled models", async () => {
    const parsed = await parseProject(project({ models: [model("a", "select 1", { enabled: false })] }), target, {
      cache: false,
    });
    expect(parsed.nodes.has("model.shop.a")).toBe(false);
  });

  it("makes is_incremental() false and execute false at parse time", async () => {
    const m = model("a", "{% if is_incremental() or execute %}{{ ref('missing_on_purpose') }}{% endif %}select 1", {
      materialized: "incremental",
    });
    await expect(parseProject(project({ models: [m] }), target, { cache: false })).resolves.toBeDefined();
  });
});

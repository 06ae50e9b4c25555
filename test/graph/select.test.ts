import { describe, expect, it } from "vitest";
import { buildGraph } from "../../src/graph/project-graph.js";
import { selectNodes } from "../../src/graph/select.js";
import { prepareFiles, SHOP } from "../testing/unit-test-fixture.js";
import { parsedFixture } from "./graph-fixture.js";

// raw.orders → stg_orders → orders → revenue → report ; countries(seed) → orders ; customers → orders
const graph = buildGraph(
  parsedFixture({
    sources: ["raw.orders", "raw.customers"],
    seeds: ["countries"],
    models: [
      { name: "stg_orders", refs: ["raw.orders"], folder: "staging", tags: ["daily"] },
      { name: "stg_customers", refs: ["raw.customers"], folder: "staging", tags: ["daily", "pii"] },
      { name: "customers", refs: ["stg_customers"], materialized: "table" },
      { name: "orders", refs: ["stg_orders", "countries", "customers"], materialized: "table" },
      { name: "revenue", refs: ["orders"], materialized: "incremental" },
      { name: "report", refs: ["revenue"], folder: "marts/finance" },
    ],
    tests: [
      { name: "not_null_orders_id", on: ["orders"] },
      { name: "unique_customers_id", on: ["customers"], testName: "unique" },
      { name: "relationships_orders_customer", on: ["orders", "customers"], testName: "relationships" },
    ],
  }),
);

const names = (ids: string[]): string[] => ids.map((id) => id.split(".").slice(2).join("."));
const sel = (select: string[], exclude: string[] = [], extra: Parameters<typeof selectNodes>[1] = {}): string[] =>
  names(selectNodes(graph, { select, exclude, ...extra }));

describe("selectNodes", () => {
  it("selects everything without --select, sources included, in topological order", () => {
    const all = sel([]);
    expect(all).toHaveLength(graph.order.length);
    expect(all.indexOf("stg_orders")).toBeLessThan(all.indexOf("orders"));
  });

  it("selects by name with its tests (eager indirect selection)", () => {
    expect(sel(["customers"])).toEqual(["customers", "unique_customers_id", "relationships_orders_customer"]);
  });

  it("cautious indirect selection keeps tests whose parents are not all selected out", () => {
    expect(sel(["customers"], [], { indirectSelection: "cautious" })).toEqual(["customers", "unique_customers_id"]);
    expect(sel(["customers"], [], { indirectSelection: "empty" })).toEqual(["customers"]);
  });

  it("applies +name, name+, depth limits and @", () => {
    expect(sel(["+revenue"], [], { resourceTypes: ["model"] })).toEqual([
      "stg_orders",
      "stg_customers",
      "customers",
      "orders",
      "revenue",
    ]);
    expect(sel(["1+revenue"], [], { resourceTypes: ["model"] })).toEqual(["orders", "revenue"]);
    expect(sel(["orders+"], [], { resourceTypes: ["model"] })).toEqual(["orders", "revenue", "report"]);
    expect(sel(["orders+1"], [], { resourceTypes: ["model"] })).toEqual(["orders", "revenue"]);
    expect(sel(["2+revenue+1"], [], { resourceTypes: ["model"] })).toEqual([
      "stg_orders",
      "customers",
      "orders",
      "revenue",
      "report",
    ]);
    expect(sel(["@stg_customers"], [], { resourceTypes: ["model", "seed", "source"] })).toEqual([
      "raw.orders",
      "raw.customers",
      "countries",
      "stg_orders",
      "stg_customers",
      "customers",
      "orders",
      "revenue",
      "report",
    ]);
  });

  it("selects by tag, path, folder fqn, file, config and resource_type", () => {
    expect(sel(["tag:pii"])).toEqual(["stg_customers"]);
    expect(sel(["tag:dai*"])).toEqual(["stg_orders", "stg_customers"]);
    // sources declared in a YAML file under the folder are selected too, as in dbt
    expect(sel(["path:models/staging"])).toEqual(["raw.orders", "raw.customers", "stg_orders", "stg_customers"]);
    expect(sel(["models/marts/finance"])).toEqual(["report"]);
    expect(sel(["staging"])).toEqual(["stg_orders", "stg_customers"]);
    expect(sel(["marts.finance.*"])).toEqual(["report"]);
    expect(sel(["shop.staging.stg_o*"])).toEqual(["stg_orders"]);
    expect(sel(["report.sql"])).toEqual(["report"]);
    expect(sel(["config.materialized:incremental"])).toEqual(["revenue"]);
    expect(sel(["resource_type:seed"])).toEqual(["countries"]);
    expect(sel(["test_name:unique"])).toEqual(["unique_customers_id"]);
  });

  it("selects sources by source name or table, and their children with +", () => {
    expect(sel(["source:raw"])).toEqual(["raw.orders", "raw.customers"]);
    expect(sel(["source:raw.orders+"], [], { resourceTypes: ["model"] })).toEqual([
      "stg_orders",
      "orders",
      "revenue",
      "report",
    ]);
  });

  it("supports wildcards in names, unions (spaces or repeated flags) and intersections (comma)", () => {
    expect(sel(["stg_*"])).toEqual(["stg_orders", "stg_customers"]);
    expect(sel(["revenue report"])).toEqual(["revenue", "report"]);
    expect(sel(["revenue", "report"])).toEqual(["revenue", "report"]);
    expect(sel(["tag:daily,tag:pii"])).toEqual(["stg_customers"]);
    expect(sel(["+orders,config.materialized:table"], [], { resourceTypes: ["model"] })).toEqual([
      "customers",
      "orders",
    ]);
  });

  it("excludes nodes and the tests attached to them", () => {
    expect(sel(["orders+"], ["report"])).toEqual([
      "orders",
      "revenue",
      "not_null_orders_id",
      "relationships_orders_customer",
    ]);
    expect(sel(["+orders"], ["tag:daily", "resource_type:source"], { resourceTypes: ["model", "test"] })).toEqual([
      "customers",
      "orders",
      "unique_customers_id",
      "not_null_orders_id",
      "relationships_orders_customer",
    ]);
    expect(sel(["+orders"], ["customers"], { resourceTypes: ["model", "test"] })).toEqual([
      "stg_orders",
      "stg_customers",
      "orders",
      "not_null_orders_id",
    ]);
  });

  it("reports selectors that match nothing", () => {
    const unmatched: string[] = [];
    expect(sel(["nope", "orders"], [], { onUnmatched: (s) => unmatched.push(s), resourceTypes: ["model"] })).toEqual([
      "orders",
    ]);
    expect(unmatched).toEqual(["nope"]);
    sel([], ["nothing_here"], { onUnmatched: (s) => unmatched.push(s) });
    expect(unmatched).toEqual(["nope"]);
  });

  it("rejects unknown methods with the selector and a hint", () => {
    expect(() => sel(["materialized:table"])).toThrow(
      expect.objectContaining({
        code: "TF303",
        message: expect.stringContaining("materialized:table"),
        hint: expect.stringContaining("config.materialized"),
      }),
    );
    expect(() => sel(["state:modified"])).toThrow(
      expect.objectContaining({ code: "TF303", hint: expect.stringContaining("state") }),
    );
    expect(() => sel(["@+orders"])).toThrow(expect.objectContaining({ code: "TF304" }));
  });
});

describe("selecting unit tests", () => {
  it("selects them with their model, by name, unit_test:, test_type:unit and resource_type; test_type:data leaves them out", async () => {
    const { graph: g } = await prepareFiles(SHOP);
    const sel = (...select: string[]) => selectNodes(g, { select });
    const units = ["unit_test.shop.stg_customers.upper_names", "unit_test.shop.orders_inc.new_orders_only"];
    expect(sel("stg_customers")).toEqual(["model.shop.stg_customers", units[0]]);
    expect(sel("test_type:unit").sort()).toEqual([...units].sort());
    expect(sel("resource_type:unit_test").sort()).toEqual([...units].sort());
    expect(sel("unit_test:new_orders_*")).toEqual([units[1]]);
    expect(sel("upper_names")).toEqual([units[0]]);
    expect(sel("tag:incremental")).toEqual([units[1]]);
    expect(sel("test_type:data")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { GraphError } from "../../src/errors.js";
import { buildGraph } from "../../src/graph/project-graph.js";
import { parsedFixture } from "./graph-fixture.js";

describe("buildGraph", () => {
  it("orders parents before children, sources and seeds included", () => {
    const graph = buildGraph(
      parsedFixture({
        sources: ["raw.orders"],
        seeds: ["countries"],
        models: [
          { name: "orders", refs: ["stg_orders", "countries"] },
          { name: "stg_orders", refs: ["raw.orders"] },
        ],
      }),
    );
    const order = graph.order;
    expect(order.indexOf("source.shop.raw.orders")).toBeLessThan(order.indexOf("model.shop.stg_orders"));
    expect(order.indexOf("model.shop.stg_orders")).toBeLessThan(order.indexOf("model.shop.orders"));
    expect(graph.parents("model.shop.orders")).toEqual(["model.shop.stg_orders", "seed.shop.countries"]);
    expect(graph.children("source.shop.raw.orders")).toEqual(["model.shop.stg_orders"]);
  });

  it("reports a cycle with its full path and files", () => {
    const parsed = parsedFixture({
      models: [
        { name: "a", refs: ["c"] },
        { name: "b", refs: ["a"] },
        { name: "c", refs: ["b"] },
        { name: "d", refs: ["a"] },
      ],
    });
    let error: unknown;
    try {
      buildGraph(parsed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphError);
    const g = error as GraphError;
    expect(g.code).toBe("TF301");
    expect(g.message).toMatch(/(a → c → b → a|b → a → c → b|c → b → a → c)/);
    expect(g.message).toContain("models/marts/a.sql");
    expect(g.message).toContain("models/marts/c.sql");
    expect(g.location?.file).toMatch(/^models\/marts\/[abc]\.sql$/);
  });

  it("reports a self-reference as a cycle", () => {
    expect(() => buildGraph(parsedFixture({ models: [{ name: "a", refs: ["a"] }] }))).toThrow(/a → a/);
  });

  it("guards against a dependency on a disabled node", () => {
    const parsed = parsedFixture({
      models: [
        { name: "a", enabled: false },
        { name: "b", refs: ["a"] },
      ],
    });
    expect(() => buildGraph(parsed)).toThrow(expect.objectContaining({ code: "TF302", node: "model.shop.b" }));
  });
});

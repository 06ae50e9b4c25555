import { describe, expect, it } from "vitest";
import { buildGraph } from "../../src/graph/project-graph.js";
import { ReadyQueue } from "../../src/graph/ready-queue.js";
import { prepareFiles, SHOP } from "../testing/unit-test-fixture.js";
import { parsedFixture } from "./graph-fixture.js";

// a → b → c ; a → d ; e (independent) ; test t on b
const graph = buildGraph(
  parsedFixture({
    models: [
      { name: "a" },
      { name: "b", refs: ["a"] },
      { name: "c", refs: ["b"] },
      { name: "d", refs: ["a"] },
      { name: "e" },
    ],
    tests: [{ name: "t", on: ["b"] }],
  }),
);
const id = (n: string): string => (n === "t" ? "test.shop.t" : `model.shop.${n}`);
const short = (ids: string[]): string[] => ids.map((i) => i.split(".")[2]!).sort();

describe("ReadyQueue", () => {
  it("releases nodes as their parents finish", () => {
    const q = new ReadyQueue(graph, graph.order);
    expect(short(q.take())).toEqual(["a", "e"]);
    expect(q.take()).toEqual([]);
    q.done(id("a"));
    expect(short(q.take())).toEqual(["b", "d"]);
    q.done(id("b"));
    q.done(id("d"));
    q.done(id("e"));
    expect(short(q.take())).toEqual(["c", "t"]);
    expect(q.finished).toBe(false);
    q.done(id("c"));
    q.done(id("t"));
    expect(q.finished).toBe(true);
  });

  it("skips the descendants of a failed node and still finishes", () => {
    const q = new ReadyQueue(graph, graph.order);
    q.take();
    expect(short(q.fail(id("a")))).toEqual(["b", "c", "d", "t"]);
    expect(q.stateOf(id("c"))).toBe("skipped");
    expect(q.skipCause(id("c"))).toBe(id("a"));
    q.done(id("e"));
    expect(q.finished).toBe(true);
  });

  it("keeps ordering through unselected nodes", () => {
    const q = new ReadyQueue(graph, [id("a"), id("c")]);
    expect(short(q.take())).toEqual(["a"]);
    q.done(id("a"));
    expect(short(q.take())).toEqual(["c"]);
  });

  it("in build mode, children of a tested node wait for its tests and a failing test skips them", () => {
    const q = new ReadyQueue(graph, graph.order, { testsGateChildren: true });
    q.take();
    q.done(id("a"));
    q.take();
    q.done(id("b"));
    expect(short(q.take())).toEqual(["t"]);
    expect(short(q.fail(id("t")))).toEqual(["c"]);
  });

  it("refuses to finish a node that is not running", () => {
    const q = new ReadyQueue(graph, graph.order);
    expect(() => q.done(id("c"))).toThrow(/waiting/);
  });
});

describe("ReadyQueue with unit tests (build)", () => {
  it("runs a unit test after its model's upstream and before its model; its failure skips the model and what reads it", async () => {
    const { graph: g } = await prepareFiles(SHOP);
    const unit = "unit_test.shop.stg_customers.upper_names";
    const q = new ReadyQueue(g, g.order, { testsGateChildren: true, unitTestsFirst: true });
    const first = q.take();
    expect(first).toContain("seed.shop.raw_customers");
    expect(first).not.toContain(unit);
    expect(first).not.toContain("model.shop.stg_customers");
    q.done("seed.shop.raw_customers");
    expect(q.take()).toEqual([unit]);
    expect(q.fail(unit).sort()).toEqual(["model.shop.mart", "model.shop.stg_customers"]);
  });

  it("outside build a unit test waits for its model, as any test", async () => {
    const { graph: g } = await prepareFiles(SHOP);
    const q = new ReadyQueue(g, g.order);
    q.take();
    q.done("seed.shop.raw_customers");
    expect(q.take()).toEqual(["model.shop.stg_customers"]);
  });
});

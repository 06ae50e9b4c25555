import { describe, expect, it } from "vitest";
import { isVolatile, nodeIdentity, type FingerprintInput, type Identity } from "../../src/plan/fingerprint.js";

const base: FingerprintInput = {
  kind: "table",
  body: 'select * from "lake__dev"."silver"."orders"',
  sql: true,
  hooks: [],
  config: { materialized: "table", tags: ["a"] },
  inputs: new Map<string, Identity>([["model.shop.orders", { key: "fp:1" }]]),
  runCatalog: "lake__dev",
};
const keyOf = (input: Partial<FingerprintInput>): string => {
  const identity = nodeIdentity({ ...base, ...input });
  if (isVolatile(identity)) throw new Error(identity.volatile);
  return identity.key;
};

describe("node fingerprints", () => {
  it("do not hold the branch: the same node built through another branch's catalog has the same fingerprint", () => {
    expect(keyOf({ runCatalog: "lake__ci", body: 'select * from "lake__ci"."silver"."orders"' })).toBe(keyOf({}));
    expect(keyOf({})).toMatch(/^fp:[0-9a-f]{32}$/);
  });

  it("change with the SQL, the output config, the hooks and any input; not with tags, docs or input order", () => {
    const same = keyOf({});
    expect(keyOf({ body: `${base.body} where 1 = 1` })).not.toBe(same);
    expect(keyOf({ config: { materialized: "table", partitioning: ["ds"] } })).not.toBe(same);
    expect(keyOf({ hooks: ["ANALYZE t"] })).not.toBe(same);
    expect(keyOf({ inputs: new Map([["model.shop.orders", { key: "fp:2" }]]) })).not.toBe(same);
    expect(keyOf({ kind: "incremental" })).not.toBe(same);
    expect(keyOf({ config: { materialized: "table", tags: ["b"], meta: { owner: "x" } } })).toBe(same);
    const two = new Map<string, Identity>([
      ["a", { key: "1" }],
      ["b", { key: "2" }],
    ]);
    expect(keyOf({ inputs: two })).toBe(keyOf({ inputs: new Map([...two].reverse()) }));
    expect(keyOf({ config: { b: 1, a: { y: 1, x: 2 } } })).toBe(keyOf({ config: { a: { x: 2, y: 1 }, b: 1 } }));
  });

  it("are volatile when an input is, or when the SQL calls a function whose value changes per run", () => {
    const upstream = nodeIdentity({ ...base, inputs: new Map([["source.x", { volatile: "outside the lakehouse" }]]) });
    expect(upstream).toEqual({ volatile: "its input source.x always runs (outside the lakehouse)" });
    expect(nodeIdentity({ ...base, body: "select current_date as d" })).toEqual({
      volatile: "its SQL calls current_date, which changes per run",
    });
    // a seed's CSV may hold such words as data
    expect(isVolatile(nodeIdentity({ ...base, body: "word\nnow\n", sql: false }))).toBe(false);
  });
});

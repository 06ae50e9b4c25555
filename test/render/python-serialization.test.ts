import { describe, expect, it } from "vitest";
import { pythonSerialization } from "../../src/render/python-serialization.js";
import { renderedBy } from "./render-each.js";

const { tojson, fromjson, toyaml, fromyaml } = pythonSerialization;

describe("tojson, fromjson, toyaml, fromyaml", () => {
  it("write JSON and YAML as dbt's (Python's json.dumps, PyYAML's safe_dump)", async () => {
    // dbt 1.11 renders these two calls exactly so
    const out = await renderedBy([
      "tojson({'a': 1, 'b': [1, 2], 'c': 'é'})",
      "toyaml({'a': 1, 'b': [1, 2], 'c': {'d': 'x'} })",
    ]);
    expect(Object.values(out)).toEqual(['{"a": 1, "b": [1, 2], "c": "\\u00e9"}', "a: 1\nb:\n- 1\n- 2\nc:\n  d: x\n"]);
    expect(tojson({ b: 1, a: 2 }, { __keywords: true, sort_keys: true })).toBe('{"a": 2, "b": 1}');
  });

  it("read YAML 1.1 as PyYAML does, and JSON", () => {
    expect(fromyaml("a: [1, 2]\nb: {c: x}\nflag: yes")).toEqual({ a: [1, 2], b: { c: "x" }, flag: true });
    expect(fromjson('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
  });

  it("answer the default when a value cannot be converted", () => {
    expect(fromjson("{", "dflt")).toBe("dflt");
    expect(fromyaml("a: [", { __keywords: true, default: "d" })).toBe("d");
    expect(tojson(new Map())).toBeNull();
  });
});

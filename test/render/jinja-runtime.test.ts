import { describe, expect, it } from "vitest";
import { runtimeFor } from "../../src/render/jinja-runtime.js";
import { renderModel } from "./render-model.js";

const { memberLookup } = runtimeFor("t.sql") as unknown as { memberLookup(obj: unknown, name: string): unknown };

describe("member lookup", () => {
  it("gives an object's own attribute over the dict method of the same name", () => {
    class Column {
      constructor(readonly values: string[]) {}
    }
    expect(memberLookup(new Column(["a"]), "values")).toEqual(["a"]);
    expect(memberLookup({ values: [1], get: "g" }, "get")).toBe("g");
    expect((memberLookup({ a: 1 }, "values") as () => unknown)()).toEqual([1]);
  });

  it("lets templates read a `values` or `items` field of a value from YAML", async () => {
    const vars = { col: { name: "status", values: ["new", "paid"], items: 2 } };
    expect(
      await renderModel("{{ var('col').values | join(',') }}|{{ var('col').items }}|{{ var('col').keys() | length }}", {
        vars,
      }),
    ).toBe("new,paid|2|3");
  });
});

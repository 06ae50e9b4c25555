import { describe, expect, it } from "vitest";
import { ColumnValue } from "../../src/render/column-value.js";
import { renderedBy } from "./render-each.js";

describe("api.Column (dbt-trino's TrinoColumn)", () => {
  it("translates dbt's portable type names to Trino's and builds columns from them", async () => {
    // as dbt 1.11 with dbt-trino renders them
    expect(
      Object.values(
        await renderedBy([
          "api.Column.translate_type('string')",
          "api.Column.translate_type('float')",
          "api.Column.translate_type('integer')",
          "api.Column.create('Col', 'string').data_type",
          "api.Column.create('Col', 'string').quoted",
          "api.Column.create('Col', 'string').name",
          "api.Column.string_type(10)",
          "api.Column.numeric_type('decimal', 5, 2)",
          "api.Column.numeric_type('decimal', none, 2)",
        ]),
      ),
    ).toEqual(["VARCHAR", "DOUBLE", "integer", "VARCHAR", '"Col"', "Col", "varchar(10)", "decimal(5,2)", "decimal"]);
  });

  it("reads sizes from Trino's type names only for varchar, char and decimal", () => {
    const dec = ColumnValue.from_description("n", "decimal(10,2)");
    expect([dec.dtype, dec.data_type, dec.numeric_precision, dec.is_numeric(), dec.is_number()]).toEqual([
      "decimal",
      "decimal(10,2)",
      10,
      true,
      true,
    ]);
    const v20 = ColumnValue.from_description("v", "varchar(20)");
    expect([v20.data_type, v20.string_size(), v20.char_size, v20.is_string()]).toEqual(["varchar(20)", 20, 20, true]);
    const unbounded = ColumnValue.from_description("u", "varchar");
    expect([
      unbounded.data_type,
      unbounded.string_size(),
      unbounded.can_expand_to(v20),
      v20.can_expand_to(unbounded),
    ]).toEqual(["varchar", 2147483646, false, true]);
    const ts = ColumnValue.from_description("t", "timestamp(6) with time zone");
    expect([ts.dtype, ts.data_type, ts.is_number()]).toEqual([
      "timestamp(6) with time zone",
      "timestamp(6) with time zone",
      false,
    ]);
    const big = new ColumnValue("x", "bigint");
    expect([big.is_integer(), big.is_number(), big.literal(3), String(big)]).toEqual([
      true,
      true,
      "3::bigint",
      "TrinoColumn(column='x', dtype='bigint', char_size=None, numeric_precision=None, numeric_scale=None)",
    ]);
  });
});

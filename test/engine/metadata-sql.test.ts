import { describe, expect, it } from "vitest";
import { allowExtraProperty, extraPropertiesSql, tablePropertyQueries } from "../../src/engine/metadata-sql.js";

describe("Iceberg metadata SQL", () => {
  it("reads a property of many tables in statements of at most 100 tables (Trino allows 150 stages)", () => {
    const tables = Array.from({ length: 250 }, (_, i) => ({ schema: "s", identifier: `t${i}` }));
    const sql = tablePropertyQueries("lake__dev", tables, "tform.fingerprint");
    expect(sql.map((s) => s.split("UNION ALL").length)).toEqual([100, 100, 50]);
    expect(sql[0]!.split("\n")[0]).toBe(
      `SELECT 's', 't0', value FROM "lake__dev"."s"."t0$properties" WHERE key = 'tform.fingerprint'`,
    );
    expect(tablePropertyQueries("c", [], "k")).toEqual([]);
  });

  it("allows the fingerprint property on an Iceberg catalog, keeping the profile's own list", () => {
    expect(allowExtraProperty("iceberg", { a: "1" }, "tform.fingerprint")).toEqual({
      a: "1",
      "iceberg.allowed-extra-properties": "tform.fingerprint",
    });
    expect(allowExtraProperty("iceberg", { "iceberg.allowed-extra-properties": "x, y" }, "k")).toEqual({
      "iceberg.allowed-extra-properties": "x,y,k",
    });
    expect(allowExtraProperty("iceberg", { "iceberg.allowed-extra-properties": "*" }, "k")).toEqual({
      "iceberg.allowed-extra-properties": "*",
    });
    expect(allowExtraProperty("hive", { a: "1" }, "k")).toEqual({ a: "1" });
  });

  it("writes extra_properties as a Trino MAP", () => {
    expect(extraPropertiesSql({ "tform.fingerprint": "fp:1", "o'k": "v" })).toBe(
      "MAP(ARRAY['tform.fingerprint', 'o''k'], ARRAY['fp:1', 'v'])",
    );
  });
});

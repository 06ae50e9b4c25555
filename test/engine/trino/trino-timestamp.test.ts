/** Trino's timestamp text, with and without zones, read as instants. */
import { describe, expect, it } from "vitest";
import { parseTrinoTimestamp } from "../../../src/engine/trino/trino-timestamp.js";

describe("parseTrinoTimestamp", () => {
  it("reads a zone-less TIMESTAMP as UTC, as dbt reads naive datetimes", () => {
    expect(parseTrinoTimestamp("2026-12-03 17:24:11.392")).toBe(Date.UTC(2026, 11, 3, 17, 24, 11, 392));
    expect(parseTrinoTimestamp("1998-08-02 00:00:00")).toBe(Date.UTC(1998, 7, 2));
  });

  it("applies UTC, fixed offsets and IANA regions (with their daylight saving time)", () => {
    expect(parseTrinoTimestamp("2026-12-03 17:24:11.392 UTC")).toBe(Date.UTC(2026, 11, 3, 17, 24, 11, 392));
    expect(parseTrinoTimestamp("2020-01-02 03:04:05.000 +05:30")).toBe(Date.UTC(2020, 0, 1, 21, 34, 5));
    expect(parseTrinoTimestamp("2020-01-02 03:04:05.123 Europe/Paris")).toBe(Date.UTC(2020, 0, 2, 2, 4, 5, 123));
    expect(parseTrinoTimestamp("2020-07-02 03:04:05.000 Europe/Paris")).toBe(Date.UTC(2020, 6, 2, 1, 4, 5));
  });

  it("keeps milliseconds of longer fractions and rejects what is not a timestamp", () => {
    expect(parseTrinoTimestamp("2020-01-02 03:04:05.123456")).toBe(Date.UTC(2020, 0, 2, 3, 4, 5, 123));
    expect(parseTrinoTimestamp("2020-01-02")).toBeUndefined();
    expect(parseTrinoTimestamp("2020-01-02 03:04:05 Not/AZone")).toBeUndefined();
  });
});

/** One source's freshness: the query dbt-trino sends, the age, error_after before warn_after, runtime errors. */
import { describe, expect, it } from "vitest";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { DATETIME_MIN_MS, checkFreshness, freshnessStatus } from "../../src/freshness/check-freshness.js";
import type { FreshnessThreshold, SourceTable } from "../../src/project/types.js";
import { source } from "../render/project-builder.js";

const relation = { database: "lake", schema: "raw", identifier: "orders" };
const criteria: FreshnessThreshold = {
  warnAfter: { count: 1, period: "hour" },
  errorAfter: { count: 1, period: "day" },
};
const orders = (over: Partial<SourceTable> = {}) => ({
  ...source("raw", "orders"),
  loadedAtField: "_loaded_at",
  freshness: criteria,
  ...over,
});
const answering = (max: string | null, type = "timestamp(3) with time zone") =>
  new RecordingEngine({
    answer: () => ({
      columns: [
        { name: "max_loaded_at", type },
        { name: "snapshotted_at", type: "timestamp(3) with time zone" },
      ],
      rows: [[max, "2026-12-03 12:00:00.000 UTC"]],
      queryId: "q1",
    }),
  });

describe("freshnessStatus", () => {
  it("is error past error_after, else warn past warn_after, else pass (strictly greater, as dbt)", () => {
    expect(freshnessStatus(criteria, 3600)).toBe("pass");
    expect(freshnessStatus(criteria, 3601)).toBe("warn");
    expect(freshnessStatus(criteria, 86_401)).toBe("error");
    expect(freshnessStatus({ warnAfter: { count: 2, period: "minute" } }, 86_401 * 10)).toBe("warn");
  });
});

describe("checkFreshness", () => {
  it("sends max(loaded_at_field) and current_timestamp with the filter, and ages the newest row", async () => {
    const engine = answering("2026-12-03 10:30:00.000 UTC");
    const r = await checkFreshness(
      engine,
      orders({ freshness: { ...criteria, filter: "region = 'eu'" } }),
      relation,
      1,
    );
    expect(engine.sql).toEqual([
      `select max(_loaded_at) as max_loaded_at, current_timestamp as snapshotted_at from "lake"."raw"."orders" where region = 'eu'`,
    ]);
    expect(r).toMatchObject({
      status: "warn",
      ageSeconds: 5400,
      queryId: "q1",
      maxLoadedAt: Date.UTC(2026, 11, 3, 10, 30),
    });
  });

  it("counts an empty table as loaded at datetime.min, as dbt", async () => {
    const r = await checkFreshness(answering(null), orders(), relation, 1);
    expect(r).toMatchObject({ status: "error", maxLoadedAt: DATETIME_MIN_MS });
    expect(new Date(DATETIME_MIN_MS).toISOString()).toBe("0001-01-01T00:00:00.000Z");
  });

  it("is a runtime error for a DATE field, a failing query, or no loaded_at_field", async () => {
    expect((await checkFreshness(answering("1998-08-02", "date"), orders(), relation, 1)).message).toMatch(
      /Expected a timestamp value .* received value of type 'date'/,
    );
    const failing = new RecordingEngine({ answer: () => new Error("Table 'lake.raw.orders' does not exist") });
    expect(await checkFreshness(failing, orders(), relation, 1)).toMatchObject({
      status: "runtime error",
      message: "Table 'lake.raw.orders' does not exist",
    });
    const engine = new RecordingEngine();
    expect(await checkFreshness(engine, orders({ loadedAtField: undefined }), relation, 1)).toMatchObject({
      status: "runtime error",
      message: expect.stringMatching(/no 'loaded_at_field' provided/),
    });
    expect(engine.sql).toEqual([]);
  });
});

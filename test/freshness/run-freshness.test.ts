/** `tform source freshness` as a library call: selection, the branch catalog read, target/sources.json (v3). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { PlanError } from "../../src/errors.js";
import { sourceFreshness } from "../../src/freshness/run-freshness.js";
import { diskProject, projectAt } from "../operations/disk-project.js";

const SOURCES = `
sources:
  - name: raw
    schema: landing
    loaded_at_field: _loaded_at
    freshness: {warn_after: {count: 1, period: hour}, error_after: {count: 1, period: day}}
    tables:
      - name: orders
      - name: customers
      - name: untimed
        freshness: null
  - name: ext
    database: tpch
    schema: tiny
    tables:
      - name: nation
        loaded_at_field: updated
        freshness: {warn_after: {count: 1, period: minute}}
`;

/** max(loaded_at) per table: orders 30 min old, customers 2 days, nation 10 s */
const engine = () =>
  new RecordingEngine({
    answer: (sql) => {
      if (!sql.startsWith("select max")) return undefined;
      const max = sql.includes('"orders"')
        ? "2026-12-03 11:30:00.000 UTC"
        : sql.includes('"customers"')
          ? "2026-12-01 12:00:00.000 UTC"
          : "2026-12-03 11:59:50.000 UTC";
      return {
        columns: [
          { name: "max_loaded_at", type: "timestamp(3) with time zone" },
          { name: "snapshotted_at", type: "timestamp(3) with time zone" },
        ],
        rows: [[max, "2026-12-03 12:00:00.000 UTC"]],
      };
    },
  });

describe("sourceFreshness", () => {
  it("measures each source with a threshold, writes sources.json in dbt's v3 shape and fails on a stale one", async () => {
    const root = diskProject({ "models/sources.yml": SOURCES, "models/m.sql": "select 1 as x" }, { branching: false });
    const e = engine();
    const run = await sourceFreshness({ ...projectAt(root), engine: e, threads: 1 });
    expect(run.results.map((r) => [r.uniqueId, r.status])).toEqual([
      ["source.shop.raw.orders", "pass"],
      ["source.shop.raw.customers", "error"],
      ["source.shop.ext.nation", "pass"],
    ]);
    expect(run.success).toBe(false);
    // a source on the lakehouse catalog is read there; one in another catalog where it is
    expect(e.sql.map((s) => s.split(" from ")[1])).toEqual([
      '"lake"."landing"."orders"',
      '"lake"."landing"."customers"',
      '"tpch"."tiny"."nation"',
    ]);
    const file = JSON.parse(readFileSync(join(root, "target/sources.json"), "utf8"));
    expect(file.metadata).toMatchObject({
      dbt_schema_version: "https://schemas.getdbt.com/dbt/sources/v3.json",
      env: {},
    });
    expect(file.results[1]).toMatchObject({
      unique_id: "source.shop.raw.customers",
      status: "error",
      max_loaded_at: "2026-12-01T12:00:00+00:00",
      snapshotted_at: "2026-12-03T12:00:00+00:00",
      max_loaded_at_time_ago_in_s: 172_800,
      criteria: { warn_after: { count: 1, period: "hour" }, error_after: { count: 1, period: "day" }, filter: null },
    });
    expect(file.results[2].criteria.error_after).toEqual({ count: null, period: null });
  });

  it("with -s reads only the selected sources, and on --branch the branch's catalog bound as tform test binds it", async () => {
    const root = diskProject({ "models/sources.yml": SOURCES, "models/m.sql": "select 1 as x" });
    const catalog = new MemoryCatalog();
    await catalog.createBranch("dev", (await catalog.getReference("main"))!);
    const e = engine();
    const run = await sourceFreshness({
      ...projectAt(root),
      engine: e,
      catalog,
      branch: "dev",
      select: ["source:raw.orders"],
    });
    expect(run.location).toMatchObject({ catalog: "lake__dev", branch: { name: "dev" } });
    expect(e.sql[0]).toMatch(/^create catalog "lake__dev" using iceberg/);
    expect(e.sql.slice(1)).toEqual([
      `select max(_loaded_at) as max_loaded_at, current_timestamp as snapshotted_at from "lake__dev"."landing"."orders"`,
    ]);
    expect(run.success).toBe(true);
  });

  it("refuses --branch on a target without branches", async () => {
    const root = diskProject({ "models/sources.yml": SOURCES, "models/m.sql": "select 1 as x" }, { branching: false });
    await expect(sourceFreshness({ ...projectAt(root), engine: engine(), branch: "dev" })).rejects.toBeInstanceOf(
      PlanError,
    );
  });
});

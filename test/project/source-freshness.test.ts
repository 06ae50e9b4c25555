/** Sources' freshness and loaded_at_field as dbt 1.11 merges them: source → table, config blocks, project fallback. */
import { describe, expect, it } from "vitest";
import { ProjectError } from "../../src/errors.js";
import { loadProject } from "../../src/project/load-project.js";
import { memoryProjectFs } from "../../src/project/memory-project-fs.js";
import type { SourceTable } from "../../src/project/types.js";

async function sources(yaml: string, project = "name: shop\n"): Promise<Record<string, SourceTable>> {
  const fs = memoryProjectFs({
    "/p/dbt_project.yml": project,
    "/p/models/sources.yml": yaml,
    "/p/models/m.sql": "select 1",
  });
  const p = await loadProject({ projectDir: "/p", fs, env: {} });
  return Object.fromEntries(p.sources.map((s) => [s.name, s]));
}

describe("source freshness config", () => {
  it("merges the source's threshold with the table's key by key and inherits loaded_at_field", async () => {
    const s = await sources(`
sources:
  - name: raw
    loaded_at_field: _loaded_at
    freshness: {warn_after: {count: 1, period: day}}
    tables:
      - name: orders
        freshness: {error_after: {count: 10, period: hour}}
      - name: customers
      - name: lineitem
        freshness: null
      - name: events
        loaded_at_field: event_time
        freshness: {warn_after: {count: 5, period: minute}, filter: "kind = 'x'"}
`);
    expect(s.orders).toMatchObject({
      loadedAtField: "_loaded_at",
      freshness: { warnAfter: { count: 1, period: "day" }, errorAfter: { count: 10, period: "hour" } },
    });
    expect(s.customers!.freshness).toEqual({ warnAfter: { count: 1, period: "day" } });
    expect(s.lineitem!.freshness).toBeUndefined();
    expect(s.events).toMatchObject({
      loadedAtField: "event_time",
      freshness: { warnAfter: { count: 5, period: "minute" }, filter: "kind = 'x'" },
    });
  });

  it("reads config: blocks after the top-level keys, and a table's loaded_at_field: null drops the source's", async () => {
    const s = await sources(`
sources:
  - name: raw
    config:
      loaded_at_field: updated_at
      freshness: {error_after: {count: 2, period: day}}
    tables:
      - name: a
        config:
          freshness: {error_after: {count: 3, period: hour}}
      - name: b
        loaded_at_field: null
`);
    expect(s.a).toMatchObject({ loadedAtField: "updated_at", freshness: { errorAfter: { count: 3, period: "hour" } } });
    expect(s.b!.loadedAtField).toBeUndefined();
    expect(s.b!.freshness).toEqual({ errorAfter: { count: 2, period: "day" } });
  });

  it("falls back to dbt_project.yml's sources: +freshness when the properties YAML sets none, but not past an explicit null", async () => {
    const project = "name: shop\nsources:\n  shop:\n    +freshness:\n      warn_after: {count: 6, period: hour}\n";
    const s = await sources(
      "sources:\n  - name: raw\n    tables:\n      - name: a\n      - name: b\n        freshness: null\n",
      project,
    );
    expect(s.a!.freshness).toEqual({ warnAfter: { count: 6, period: "hour" } });
    expect(s.b!.freshness).toBeUndefined();
  });

  it("rejects a period dbt does not know, at its line", async () => {
    const err = await sources(
      "sources:\n  - name: raw\n    tables:\n      - name: a\n        freshness:\n          warn_after: {count: 1, period: week}\n",
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectError);
    expect((err as ProjectError).message).toMatch(/period must be minute, hour or day \(got "week"\)/);
    expect((err as ProjectError).location).toMatchObject({ file: "models/sources.yml", line: 6 });
  });
});

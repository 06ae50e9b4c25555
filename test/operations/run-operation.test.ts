/** `tform run-operation` as a library call: the macro's statements run on the engine, on a branch like build. */
import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { PlanError, ProjectError, RenderError } from "../../src/errors.js";
import { parseMacroArgs, runOperation } from "../../src/operations/run-operation.js";
import { diskProject, projectAt } from "./disk-project.js";

const MACROS = {
  "models/m.sql": "select 1 as x",
  "macros/ops.sql": `
{% macro grant_select(role, tables=['orders']) %}
  {% set n = run_query("select count(*) from information_schema.tables") %}
  {% if execute %}{{ log("tables: " ~ n.rows[0][0] ~ ", role " ~ role) }}{% endif %}
  {% for t in tables %}{% do run_query("grant select on " ~ t ~ " to role " ~ role) %}{% endfor %}
  {{ return(tables | length) }}
{% endmacro %}
{% macro noop() %}{% endmacro %}
`,
};

const counting = () =>
  new RecordingEngine({
    answer: (sql) =>
      sql.startsWith("select count") ? { columns: [{ name: "n", type: "bigint" }], rows: [[7]] } : undefined,
  });

describe("runOperation", () => {
  it("runs each statement the macro issues once, in order, in the branch catalog it creates like build", async () => {
    const root = diskProject(MACROS);
    const catalog = new MemoryCatalog();
    const engine = counting();
    const result = await runOperation({
      ...projectAt(root),
      macro: "grant_select",
      args: { role: "analyst", tables: ["a", "b"] },
      engine,
      catalog,
      branch: "ops",
    });
    expect(await catalog.getReference("ops")).toMatchObject({ type: "BRANCH" });
    expect(engine.statements.map((s) => s.sql)).toEqual([
      expect.stringMatching(/^CREATE CATALOG IF NOT EXISTS "lake__ops" USING iceberg/),
      "select count(*) from information_schema.tables",
      "grant select on a to role analyst",
      "grant select on b to role analyst",
    ]);
    // unqualified names resolve in the branch's catalog and the target's schema, as for models
    expect(engine.statements[1]).toMatchObject({ catalog: "lake__ops", schema: "analytics" });
    expect(result).toMatchObject({
      uniqueId: "macro.shop.grant_select",
      runCatalog: "lake__ops",
      branch: { name: "ops", created: true },
      logs: ["tables: 7, role analyst"],
      returned: 2,
    });
    expect(result.statements).toHaveLength(3);
  });

  it("needs --branch on a branching target (tform never writes main) and runs in place without branches", async () => {
    await expect(
      runOperation({
        ...projectAt(diskProject(MACROS)),
        macro: "noop",
        engine: counting(),
        catalog: new MemoryCatalog(),
      }),
    ).rejects.toBeInstanceOf(PlanError);
    const inPlace = await runOperation({
      ...projectAt(diskProject(MACROS, { branching: false })),
      macro: "noop",
      engine: counting(),
    });
    expect(inPlace).toMatchObject({ runCatalog: "lake", statements: [] });
  });

  it("names an unknown macro, and attributes a failing statement to the operation", async () => {
    const root = diskProject(MACROS, { branching: false });
    await expect(runOperation({ ...projectAt(root), macro: "nosuch", engine: counting() })).rejects.toThrow(
      RenderError,
    );
    const failing = new RecordingEngine({
      answer: (sql) => (sql.startsWith("grant") ? new RenderError("TF999", "grant refused") : undefined),
    });
    const err = await runOperation({
      ...projectAt(root),
      macro: "grant_select",
      args: { role: "x" },
      engine: failing,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: "grant refused", node: "macro.shop.grant_select" });
  });
});

describe("parseMacroArgs", () => {
  it("reads a YAML or JSON mapping and refuses anything else", async () => {
    expect(await parseMacroArgs("{table: orders, days: 7}")).toEqual({ table: "orders", days: 7 });
    expect(await parseMacroArgs('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(await parseMacroArgs(undefined)).toEqual({});
    await expect(parseMacroArgs("[1]")).rejects.toBeInstanceOf(ProjectError);
    await expect(parseMacroArgs("{a: [")).rejects.toThrow(/--args is not valid YAML/);
  });
});

/** unit_tests: entries as loadProject reads them, and the located errors of entries dbt would refuse. */
import { describe, expect, it } from "vitest";
import { ProjectError } from "../../src/errors.js";
import { loadFiles, SHOP } from "../testing/unit-test-fixture.js";

const withUnitTests = (yaml: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "dbt_project.yml": "name: shop\n",
  "seeds/raw_customers.csv": "id,name\n1,alice\n2,bob\n",
  "models/stg.sql": "select * from {{ ref('raw_customers') }}",
  "models/unit.yml": `version: 2\nunit_tests:\n${yaml}`,
  ...extra,
});

async function loadError(files: Record<string, string>): Promise<ProjectError> {
  const e = await loadFiles(files).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProjectError);
  return e as ProjectError;
}

describe("unit test nodes", () => {
  it("reads inputs, formats, fixtures, overrides and config (project tree + entry) of each unit test", async () => {
    const p = await loadFiles(SHOP);
    expect(p.unitTests?.map((u) => [u.uniqueId, u.model, u.fqn.join("."), u.config.tags])).toEqual([
      [
        "unit_test.shop.stg_customers.upper_names",
        "model.shop.stg_customers",
        "shop.stg_customers.upper_names",
        ["logic"],
      ],
      [
        "unit_test.shop.orders_inc.new_orders_only",
        "model.shop.orders_inc",
        "shop.orders_inc.new_orders_only",
        ["logic", "incremental"],
      ],
    ]);
    const inc = p.unitTests![1]!;
    expect(inc.given.map((g) => g.target)).toEqual([
      { kind: "source", sourceName: "app", tableName: "orders" },
      { kind: "this" },
    ]);
    // csv values are strings and empty ones null, as dbt's parser gives them
    expect(inc.given[0]!.rows).toEqual({
      format: "csv",
      rows: [
        { id: "1", amount: "10" },
        { id: "5", amount: null },
      ],
    });
    expect(inc.given[1]!.rows).toEqual({ format: "sql", sql: "select 3 as id, 30 as amount" });
    expect(inc.expect).toEqual({ format: "csv", rows: [{ id: "5", amount: null }] });
    expect(inc.overrides).toEqual({ vars: {}, macros: { is_incremental: true }, envVars: {} });
    expect(inc.location).toMatchObject({ file: "models/schema.yml", line: 16 });
  });

  it("reads a seed's own CSV when its given entry has no rows, and drops disabled unit tests", async () => {
    const p = await loadFiles(
      withUnitTests(
        "  - name: from_seed\n    model: stg\n    given: [{input: ref('raw_customers')}]\n    expect: {rows: []}\n  - name: off\n    model: stg\n    config: {enabled: false}\n    given: []\n    expect: {rows: []}\n",
      ),
    );
    expect(p.unitTests?.map((u) => u.name)).toEqual(["from_seed"]);
    expect(p.unitTests![0]!.given[0]!.rows).toEqual({
      format: "csv",
      rows: [
        { id: "1", name: "alice" },
        { id: "2", name: "bob" },
      ],
    });
  });

  it.each([
    ["no model", "  - name: t\n    given: []\n    expect: {rows: []}\n", "TF165", 3, "needs a model"],
    [
      "an unknown model",
      "  - name: t\n    model: nope\n    given: []\n    expect: {rows: []}\n",
      "TF166",
      4,
      "'nope' does not exist",
    ],
    [
      "dict rows that are text",
      "  - name: t\n    model: stg\n    given:\n      - input: ref('raw_customers')\n        rows: 'id,name'\n    expect: {rows: []}\n",
      "TF165",
      7,
      "do not match format dict",
    ],
    [
      "a missing fixture file",
      "  - name: t\n    model: stg\n    given: []\n    expect: {format: csv, fixture: nowhere}\n",
      "TF167",
      6,
      "nowhere.csv",
    ],
    [
      "an input that is no ref, source or this",
      "  - name: t\n    model: stg\n    given:\n      - input: raw_customers\n        rows: []\n    expect: {rows: []}\n",
      "TF169",
      6,
      "is not ref",
    ],
    [
      "a ref to no node",
      "  - name: t\n    model: stg\n    given:\n      - input: ref('ghost')\n        rows: []\n    expect: {rows: []}\n",
      "TF169",
      6,
      "does not match any model",
    ],
    [
      "two unit tests of one name",
      "  - name: t\n    model: stg\n    given: []\n    expect: {rows: []}\n  - name: t\n    model: stg\n    given: []\n    expect: {rows: []}\n",
      "TF168",
      7,
      "two unit tests named 't'",
    ],
  ])("refuses %s with its code and line", async (_what, yaml, code, line, text) => {
    const e = await loadError(withUnitTests(yaml));
    expect(e.code).toBe(code);
    expect(e.location).toMatchObject({ file: "models/unit.yml", line });
    expect(e.message).toContain(text);
  });

  it("does not read tests/fixtures/*.sql as singular tests", async () => {
    const p = await loadFiles(
      withUnitTests("  []\n", { "tests/fixtures/rows.sql": "select 1 as id", "tests/real.sql": "select 1" }),
    );
    expect(p.tests.map((t) => t.name)).toEqual(["real"]);
  });
});

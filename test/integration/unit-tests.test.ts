import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import type { Target } from "../../src/project/types.js";
import { refCatalogName } from "../../src/publish/ref-catalog.js";
import { testProject } from "../../src/testing/test-project.js";
import { restCatalog, restEngine, restTargetIn, uniqueName } from "./rest-harness.js";

/**
 * dbt unit tests on the REST sandbox, inside `build` on a branch: a passing unit test whose input is a source (typed
 * by the real tpch table's columns) lets its model build; a failing one shows the differing rows and skips its model
 * and that model's child; an incremental model's unit test gives `this`, typed by the model's existing table, with
 * is_incremental overridden. No unit test writes a table.
 */
describe("unit tests in build and test, in REST mode", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const schema = uniqueName("it_unit");
  const branch = uniqueName("it_unitdev");
  let dir: string;
  let target: Target;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tform-unit-it-"));
    writeFileSync(join(dir, "dbt_project.yml"), "name: units\nprofile: lakehouse_shop\n");
    for (const d of ["models", "seeds", "tests/fixtures"]) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, "seeds", "raw_orders.csv"), "id,customer,amount\n1,Ann,10.5\n2,Bob,3.25\n3,Cy,7.00\n");
    const model = (name: string, sql: string): void => writeFileSync(join(dir, "models", `${name}.sql`), sql);
    model(
      "nations",
      "{{ config(materialized='table') }}\nselect nationkey, upper(name) as name from {{ source('tpch', 'nation') }} where regionkey = {{ var('region', 1) }}",
    );
    model(
      "orders_clean",
      "{{ config(materialized='table') }}\nselect id, lower(customer) as customer, amount from {{ ref('raw_orders') }}",
    );
    model("orders_big", "{{ config(materialized='table') }}\nselect * from {{ ref('orders_clean') }} where amount > 5");
    model(
      "orders_inc",
      "{{ config(materialized='incremental', unique_key='id') }}\nselect id, amount from {{ ref('raw_orders') }}\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}",
    );
    writeFileSync(join(dir, "tests", "fixtures", "inc_expected.csv"), "id,amount\n3,7.00\n");
    writeFileSync(
      join(dir, "models", "schema.yml"),
      `version: 2
sources:
  - name: tpch
    database: tpch
    schema: tiny
    tables: [{name: nation}]
unit_tests:
  - name: nations_of_a_region
    model: nations
    overrides: {vars: {region: 2}}
    given:
      - input: source('tpch', 'nation')
        rows:
          - {nationkey: 1, name: peru, regionkey: 2}
          - {nationkey: 2, name: chad, regionkey: 0}
    expect:
      rows: [{nationkey: 1, name: PERU}]
  - name: lower_customers
    model: orders_clean
    given:
      - input: ref('raw_orders')
        format: csv
        rows: |
          id,customer,amount
          1,Ann,10.5
    expect:
      rows: [{id: 1, customer: Ann}]
  - name: only_new_orders
    model: orders_inc
    overrides: {macros: {is_incremental: true}}
    given:
      - input: ref('raw_orders')
        rows: [{id: 1, amount: 1}, {id: 3, amount: 7}]
      - input: this
        rows: [{id: 2, amount: 5}]
    expect: {format: csv, fixture: inc_expected}
`,
    );
    target = await restTargetIn(dir, schema);
  });

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS "${refCatalogName(target, branch)}"`).catch(() => undefined);
    for (const name of [branch, `tform-tested-${branch}`]) {
      const r = await catalog.getReference(name);
      if (r) await catalog.deleteReference(r).catch(() => undefined);
    }
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const statusOf = (results: readonly { uniqueId: string; status: string }[]): Record<string, string> =>
    Object.fromEntries(results.map((r) => [r.uniqueId.split(".").slice(-1)[0]!, r.status]));

  it("runs unit tests before their models: a failure shows the rows and skips the model and its child; nothing is written for them", async () => {
    // the incremental model's unit test gives `this`, whose columns come from the model's table: build it first
    const first = await buildProject({
      projectDir: dir,
      profilesDir: dir,
      target: "sandbox",
      branch,
      exclude: ["unit_test:only_new_orders"],
    });
    expect(statusOf(first.applied!.results)).toEqual({
      raw_orders: "success",
      nations_of_a_region: "pass",
      nations: "success",
      lower_customers: "fail",
      orders_clean: "skipped",
      orders_big: "skipped",
      orders_inc: "success",
    });
    const failed = first.applied!.results.find((r) => r.name === "lower_customers")!;
    // only the expected rows' columns are compared (amount is not)
    expect(failed.message).toBe("actual differs from expected:\n\n@@  | id | customer\n+++ | 1  | ann\n--- | 1  | Ann");
    expect(failed.test?.diff?.rows.map((r) => [r.sign, ...r.values])).toEqual([
      ["+", 1, "ann"],
      ["-", 1, "Ann"],
    ]);
    const runResults = JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")) as {
      results: { unique_id: string; resource: string; status: string }[];
    };
    expect(
      runResults.results.find((r) => r.unique_id === "unit_test.units.orders_clean.lower_customers"),
    ).toMatchObject({
      resource: "unit_test",
      status: "fail",
    });
    // only the seed and the built models are tables on the branch: no unit test wrote one, orders_clean was skipped
    const tables = await engine.execute(
      `SELECT table_name FROM "${refCatalogName(target, branch)}".information_schema.tables WHERE table_schema = '${schema}' ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r[0])).toEqual(["nations", "orders_inc", "raw_orders"]);
  });

  it("gives an incremental model's `this` typed by its table, and tform test --select test_type:unit runs them all", async () => {
    const second = await buildProject({
      projectDir: dir,
      profilesDir: dir,
      target: "sandbox",
      branch,
      select: ["orders_inc"],
    });
    expect(statusOf(second.applied!.results)).toEqual({ only_new_orders: "pass", orders_inc: "success" });
    const sql = readFileSync(join(dir, "target/compiled/units/models/schema.yml/only_new_orders.sql"), "utf8");
    // the table's columns type the `this` rows: integer id, double amount, as the seed typed them
    expect(sql).toMatch(
      /__dbt__cte__orders_inc as \(\nselect try_cast\(2 as integer\) as "id", try_cast\(5 as double\) as "amount"/,
    );

    const tested = await testProject({
      projectDir: dir,
      profilesDir: dir,
      targetName: "sandbox",
      branch,
      select: ["test_type:unit"],
    });
    expect(statusOf(tested.results)).toEqual({
      nations_of_a_region: "pass",
      lower_customers: "fail",
      only_new_orders: "pass",
    });
    expect(tested.counts).toMatchObject({ pass: 2, fail: 1 });
  });
});

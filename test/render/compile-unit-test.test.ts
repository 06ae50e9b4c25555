/** A model rendered for its unit test: inputs as CTEs, `this`, and the vars, env_vars and macro overrides. */
import { describe, expect, it } from "vitest";
import { RenderError } from "../../src/errors.js";
import { compileUnitTest, unitTestOf } from "../../src/render/compile-unit-test.js";
import { prepareFiles, SHOP } from "../testing/unit-test-fixture.js";

const run = { catalog: "lake__dev", invocationId: "i", runStartedAt: new Date(0) };

describe("compileUnitTest", () => {
  it("renders each ref() and source() as its fixture's CTE and types the fixtures by the relations at the run's catalog", async () => {
    const { parsed } = await prepareFiles(SHOP);
    const c = await compileUnitTest(parsed, unitTestOf(parsed, "unit_test.shop.stg_customers.upper_names")!, run);
    expect(c.modelSql).toBe(
      "select id, upper(name) as name, 'eu' as region from __dbt__cte__raw_customers where id > 0",
    );
    expect(c.fixtures.map((f) => [f.cte, f.relation])).toEqual([
      ["__dbt__cte__raw_customers", { database: "lake__dev", schema: "analytics", identifier: "raw_customers" }],
    ]);
    expect(c.compiledPath).toBe("target/compiled/shop/models/schema.yml/upper_names.sql");
  });

  it("gives `this` its fixture and is_incremental() the override's value; without the override it is false", async () => {
    const { parsed } = await prepareFiles(SHOP);
    const unit = unitTestOf(parsed, "unit_test.shop.orders_inc.new_orders_only")!;
    const c = await compileUnitTest(parsed, unit, run);
    expect(c.modelSql).toContain(
      "from __dbt__cte__app__orders\nwhere id > (select max(id) from __dbt__cte__orders_inc)",
    );
    const plain = await compileUnitTest(parsed, { ...unit, overrides: { ...unit.overrides, macros: {} } }, run);
    expect(plain.modelSql).not.toContain("where id >");
  });

  it("applies vars and env_vars overrides", async () => {
    const { parsed } = await prepareFiles(SHOP);
    const unit = unitTestOf(parsed, "unit_test.shop.stg_customers.upper_names")!;
    const c = await compileUnitTest(
      parsed,
      { ...unit, overrides: { vars: { min_id: 7 }, macros: {}, envVars: { REGION: "us" } } },
      run,
    );
    expect(c.modelSql).toContain("'us' as region");
    expect(c.modelSql).toContain("where id > 7");
  });

  it("refuses a ref the unit test gives no input for (TF235) and an ephemeral input given as rows (TF236)", async () => {
    const files = {
      ...SHOP,
      "models/eph.sql": "{{ config(materialized='ephemeral') }}\nselect 1 as id",
      "models/both.sql": "select * from {{ ref('eph') }} join {{ ref('raw_customers') }} using (id)",
      "models/more.yml":
        "version: 2\nunit_tests:\n  - name: half\n    model: both\n    given: [{input: ref('eph'), format: sql, rows: select 1 as id}]\n    expect: {rows: []}\n  - name: eph_rows\n    model: both\n    given: [{input: ref('eph'), rows: [{id: 1}]}, {input: ref('raw_customers'), rows: []}]\n    expect: {rows: []}\n",
    };
    const { parsed } = await prepareFiles(files);
    const fail = (id: string) =>
      compileUnitTest(parsed, unitTestOf(parsed, id)!, run).then(
        () => undefined,
        (e: unknown) => e as RenderError,
      );
    const missing = await fail("unit_test.shop.both.half");
    expect(missing?.code).toBe("TF235");
    expect(missing?.message).toContain("ref('raw_customers')");
    const eph = await fail("unit_test.shop.both.eph_rows");
    expect(eph?.code).toBe("TF236");
    expect(eph?.location).toMatchObject({ file: "models/more.yml", line: 9 });
  });
});

/** Every form of a generic test in properties YAML, dbt's names, config in both places, source tests, seeds. */
import { describe, expect, it } from "vitest";
import { loadProject } from "../../src/project/load-project.js";
import { memoryProjectFs } from "../../src/project/memory-project-fs.js";
import { genericTestNames } from "../../src/project/test-name.js";
import type { GenericTestNode, Project } from "../../src/project/types.js";

function load(files: Record<string, string>): Promise<Project> {
  return loadProject({
    projectDir: "/p",
    fs: memoryProjectFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/p/${k}`, v]))),
    env: {},
  });
}

const SCHEMA = `
version: 2
models:
  - name: orders
    data_tests:
      - dbt_utils.expression_is_true:
          expression: "amount >= 0"
      - unique:
          column_name: "order_id || '-' || line"
    columns:
      - name: status
        tests:
          - accepted_values:
              values: [placed, shipped]
              quote: false
          - accepted_values:
              arguments:
                values: [a, b]
              config:
                severity: warn
                where: "ds = '2024-01-01'"
                warn_if: ">10"
                error_if: ">100"
                limit: 5
                store_failures: true
                tags: [quality]
      - name: customer_id
        data_tests:
          - not_null:
              severity: warn
          - relationships:
              to: ref('customers')
              field: id
          - relationships:
              to: source('raw', 'customers')
              field: id
              name: orders_customer_in_raw
          - test_name: not_null
            config:
              enabled: false
sources:
  - name: raw
    schema: "{{ env_var('RAW_SCHEMA', 'landing') }}"
    tables:
      - name: customers
        identifier: customers_v2
        columns:
          - name: id
            tests: [unique]
      - name: legacy
        config:
          enabled: false
        columns:
          - name: id
            tests: [unique]
seeds:
  - name: countries
    config:
      column_types:
        code: varchar(2)
    columns:
      - name: code
        tests: [not_null]
`;

const files = {
  "dbt_project.yml":
    "name: shop\ntests:\n  shop:\n    +tags: [dq]\nseeds:\n  shop:\n    +column_types:\n      name: varchar\n    +delimiter: ';'\n",
  "models/orders.sql": "select 1",
  "models/customers.sql": "select 1",
  "models/schema.yml": SCHEMA,
  "seeds/countries.csv": "code;name\nfr;France\n",
  "tests/assert_positive.sql": "select * from {{ ref('orders') }} where amount < 0",
  "tests/generic/is_even.sql": "{% test is_even(model, column_name) %}select 1{% endtest %}",
};

const generic = (p: Project): GenericTestNode[] =>
  p.tests.filter((t): t is GenericTestNode => t.testKind === "generic");
const byName = (p: Project, name: string): GenericTestNode => {
  const t = generic(p).find((x) => x.name === name);
  if (!t)
    throw new Error(
      `no test ${name} in ${generic(p)
        .map((x) => x.name)
        .join(", ")}`,
    );
  return t;
};

describe("generic tests from properties YAML", () => {
  it("builds dbt's names for every form, keeping a namespace and model-level column_name", async () => {
    const p = await load(files);
    const ns = byName(p, "dbt_utils_expression_is_true_orders_amount_0");
    expect(ns).toMatchObject({
      testName: "dbt_utils.expression_is_true",
      testNamespace: "dbt_utils",
      kwargs: { expression: "amount >= 0" },
      attachedTo: "model.shop.orders",
    });
    expect(ns.columnName).toBeUndefined();
    expect(byName(p, "unique_orders_order_id_line")).toMatchObject({
      columnName: "order_id || '-' || line",
      kwargs: {},
    });
    expect(byName(p, "accepted_values_orders_status__False__placed__shipped").kwargs).toEqual({
      values: ["placed", "shipped"],
      quote: false,
    });
    expect(byName(p, "relationships_orders_customer_id__id__ref_customers_").kwargs).toEqual({
      to: "ref('customers')",
      field: "id",
    });
    expect(byName(p, "orders_customer_in_raw").kwargs).toEqual({ to: "source('raw', 'customers')", field: "id" });
  });

  it("reads arguments: and config: (dbt 1.10 form) and the older top-level severity", async () => {
    const p = await load(files);
    const t = byName(p, "accepted_values_orders_status__a__b");
    expect(t.kwargs).toEqual({ values: ["a", "b"] });
    expect(t.config).toMatchObject({
      severity: "warn",
      where: "ds = '2024-01-01'",
      warn_if: ">10",
      error_if: ">100",
      limit: 5,
      store_failures: true,
      tags: ["dq", "quality"],
      materialized: "test",
    });
    expect(byName(p, "not_null_orders_customer_id").config.severity).toBe("warn");
    expect(t.location).toMatchObject({ file: "models/schema.yml", line: 16, excerpt: "          - accepted_values:" });
  });

  it("drops disabled tests into Project.disabled", async () => {
    const p = await load(files);
    expect(generic(p).filter((t) => t.name === "not_null_orders_customer_id")).toHaveLength(1);
    expect(p.disabled?.map((n) => n.name)).toEqual(["not_null_orders_customer_id"]);
  });

  it("attaches source tests to the source and renders Jinja in a source's schema", async () => {
    const p = await load(files);
    expect(p.sources).toEqual([
      expect.objectContaining({
        uniqueId: "source.shop.raw.customers",
        schema: "landing",
        identifier: "customers_v2",
        fqn: ["shop", "raw", "customers"],
      }),
    ]);
    expect(byName(p, "source_unique_raw_customers_id").attachedTo).toBe("source.shop.raw.customers");
    expect(generic(p).some((t) => t.name.includes("legacy"))).toBe(false);
  });

  it("merges seed config from the project tree and the properties YAML", async () => {
    const p = await load(files);
    expect(p.seeds[0]!.config).toMatchObject({
      materialized: "seed",
      delimiter: ";",
      column_types: { name: "varchar", code: "varchar(2)" },
    });
    expect(byName(p, "not_null_countries_code").attachedTo).toBe("seed.shop.countries");
  });

  it("reads singular tests and treats tests/generic/*.sql as macros", async () => {
    const p = await load(files);
    expect(p.tests.find((t) => t.testKind === "singular")).toMatchObject({
      uniqueId: "test.shop.assert_positive",
      originalFilePath: "tests/assert_positive.sql",
      config: { materialized: "test", tags: ["dq"] },
    });
    expect(p.macros.find((m) => m.relativePath === "tests/generic/is_even.sql")?.packageName).toBe("shop");
  });

  it("hashes names of 64 characters or more into the short name, as dbt does", () => {
    const names = genericTestNames("accepted_values", "orders", {
      column_name: "status",
      values: ["placed", "shipped", "completed", "return_pending", "returned"],
    });
    expect(names.full).toBe("accepted_values_orders_status__placed__shipped__completed__return_pending__returned");
    // the alias dbt gives this test in jaffle_shop's manifest
    expect(names.short).toBe("accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758");
    expect(genericTestNames("source_unique", "raw_orders", { column_name: "id" })).toEqual({
      full: "source_unique_raw_orders_id",
      short: "source_unique_raw_orders_id",
    });
    expect(genericTestNames("t", "m", { flag: true, opts: { a: null } })).toMatchObject({ full: "t_m_True__None" });
  });
});

describe("vendored packages", () => {
  it("loads macros of dbt_packages/* with their package name and warns about listed packages that are not vendored", async () => {
    const p = await load({
      "dbt_project.yml": "name: shop\n",
      "models/a.sql": "select 1",
      "macros/m.sql": "{% macro m() %}1{% endmacro %}",
      "packages.yml":
        "packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n  - package: calogica/dbt_date\n    version: 0.10.0\n",
      "dbt_packages/dbt_utils/dbt_project.yml": "name: dbt_utils\n",
      "dbt_packages/dbt_utils/macros/star.sql": "{% macro star() %}*{% endmacro %}",
    });
    expect(p.macros.map((m) => `${m.packageName}:${m.relativePath}`).filter((m) => !m.startsWith("tform:"))).toEqual([
      "dbt_utils:dbt_packages/dbt_utils/macros/star.sql",
      "shop:macros/m.sql",
    ]);
    expect(p.warnings).toEqual([
      expect.objectContaining({ code: "TF155", location: expect.objectContaining({ file: "packages.yml", line: 4 }) }),
    ]);
    expect(p.warnings[0]!.message).toContain("calogica/dbt_date");
  });
});

import { describe, expect, it } from "vitest";
import type { Engine, QueryResult } from "../../src/engine/engine.js";
import { compileNode, compileNodes } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import {
  genericTest,
  model,
  project,
  runContext,
  seed,
  singularTest,
  source,
  target,
  type ProjectSpec,
} from "./project-builder.js";

const compile = async (
  spec: ProjectSpec,
  id: string,
  ctx: Partial<typeof runContext> & Record<string, unknown> = {},
  vars?: Record<string, unknown>,
) => compileNode(await parseProject(project(spec), target, { cache: false, vars }), id, { ...runContext, ...ctx });

describe("compileNode", () => {
  it("resolves refs and this to the run's catalog with Trino quoting, sources outside the lakehouse unchanged", async () => {
    const spec = {
      models: [
        model("a", "select 1", { schema: "stg" }),
        model(
          "b",
          "select * from {{ ref('a') }}, {{ source('tpch', 'orders') }}, {{ source('raw', 'events') }} -- {{ this }} {{ this.schema }}.{{ this.identifier }}.{{ this.name }}@{{ this.database }}",
        ),
      ],
      sources: [source("tpch", "orders", "tiny", "tpch"), source("raw", "events", "landing")],
    };
    const out = await compile(spec, "model.shop.b");
    expect(out.compiledSql).toBe(
      'select * from "lake_dev"."analytics_stg"."a", "tpch"."tiny"."orders", "lake_dev"."landing"."events" -- "lake_dev"."analytics"."b" analytics.b.b@lake_dev',
    );
    expect(out.relation).toEqual({ database: "lake_dev", schema: "analytics", identifier: "b" });
    expect(out.compiledPath).toBe("target/compiled/shop/models/b.sql");
  });

  it("lets relationFor override where refs point", async () => {
    const out = await compile(
      { models: [model("a", "select 1"), model("b", "select * from {{ ref('a') }}")] },
      "model.shop.b",
      {
        relationFor: (id: string) => ({ database: "x", schema: "y", identifier: id.split(".").pop()! }),
      },
    );
    expect(out.compiledSql).toBe('select * from "x"."y"."a"');
  });

  it("is_incremental() is true only for incremental models on an incremental run", async () => {
    const spec = {
      models: [
        model(
          "a",
          "{{ config(materialized='incremental') }}select 1{% if is_incremental() %} where x > (select max(x) from {{ this }}){% endif %}",
        ),
      ],
    };
    expect((await compile(spec, "model.shop.a", { isIncremental: true })).compiledSql).toBe(
      'select 1 where x > (select max(x) from "lake_dev"."analytics"."a")',
    );
    expect((await compile(spec, "model.shop.a", { isIncremental: false })).compiledSql).toBe("select 1");
  });

  it("resolves var from --vars, then package-scoped project vars, then global vars, then the default", async () => {
    const spec = {
      models: [model("a", "{{ var('x') }} {{ var('y') }} {{ var('z') }} {{ var('w', 'dflt') }}")],
      vars: { x: "global-x", y: "global-y", z: "global-z", shop: { y: "scoped-y" } },
    };
    expect((await compile(spec, "model.shop.a", {}, { z: "cli-z" })).compiledSql).toBe("global-x scoped-y cli-z dflt");
  });

  it("exposes target, invocation_id, env_var and doc", async () => {
    process.env.TFORM_TEST_ENV = "from-env";
    const spec = {
      models: [
        model(
          "a",
          "{{ target.name }} {{ target.schema }} {{ target.database }} {{ target.type }} {{ target.threads }} {{ invocation_id }} {{ env_var('TFORM_TEST_ENV') }} {{ env_var('TFORM_NOPE', 'd') }} {{ doc('intro') }}",
        ),
      ],
      docs: [{ name: "intro", content: "Hello" }],
    };
    expect((await compile(spec, "model.shop.a")).compiledSql).toBe("dev analytics lake trino 4 inv-1 from-env d Hello");
  });

  it("collects log() output instead of printing it and renders nothing for it", async () => {
    expect((await compile({ models: [model("a", "{{ log('hi', info=true) }}x")] }, "model.shop.a")).compiledSql).toBe(
      "x",
    );
  });

  it("adapter.dispatch prefers the project's trino__ / default__ macro over the package's", async () => {
    const macros = {
      "dbt_packages/util/macros/m.sql": {
        source: "{% macro default__greet(n) %}pkg {{ n }}{% endmacro %}",
        packageName: "util",
      },
      "macros/m.sql": "{% macro trino__greet(n) %}project {{ n }}{% endmacro %}",
    };
    expect(
      (await compile({ models: [model("a", "{{ adapter.dispatch('greet', 'util')('x') }}")], macros }, "model.shop.a"))
        .compiledSql,
    ).toBe("project x");
    const onlyPkg = { "dbt_packages/util/macros/m.sql": macros["dbt_packages/util/macros/m.sql"] };
    expect(
      (
        await compile(
          { models: [model("a", "{{ adapter.dispatch('greet', 'util')('x') }}")], macros: onlyPkg },
          "model.shop.a",
        )
      ).compiledSql,
    ).toBe("pkg x");
  });

  it("calls macros of vendored packages through their namespace, with the calling model's context", async () => {
    const macros = {
      "dbt_packages/dbt_utils/macros/star.sql": {
        source: "{% macro here() %}{{ this.identifier }}{% endmacro %}",
        packageName: "dbt_utils",
      },
    };
    expect(
      (await compile({ models: [model("a", "{{ dbt_utils.here() }}")], macros }, "model.shop.a")).compiledSql,
    ).toBe("a");
  });

  it("inlines ephemeral models as CTEs, nested ones first, after an existing WITH", async () => {
    const spec = {
      models: [
        model("e1", "select 1 as x", { materialized: "ephemeral" }),
        model("e2", "select * from {{ ref('e1') }}", { materialized: "ephemeral" }),
        model("m", "-- top\nselect * from {{ ref('e2') }} join {{ ref('e1') }} using (x)"),
        model("w", "with t as (select 1) select * from t, {{ ref('e1') }}"),
      ],
    };
    expect((await compile(spec, "model.shop.m")).compiledSql).toBe(
      "-- top\nwith __dbt__cte__e1 as (\nselect 1 as x\n),\n__dbt__cte__e2 as (\nselect * from __dbt__cte__e1\n)\nselect * from __dbt__cte__e2 join __dbt__cte__e1 using (x)",
    );
    expect((await compile(spec, "model.shop.w")).compiledSql).toBe(
      "with __dbt__cte__e1 as (\nselect 1 as x\n),\nt as (select 1) select * from t, __dbt__cte__e1",
    );
  });

  it("compiles built-in generic tests to SELECTs of failing rows, rendering ref() arguments and applying where", async () => {
    const spec = {
      models: [model("orders", "select 1"), model("customers", "select 1")],
      seeds: [seed("codes")],
      sources: [source("raw", "events")],
      tests: [
        genericTest("not_null", "model.shop.orders", {}, "id", { where: "ds = '2024-01-01'" }),
        genericTest("accepted_values", "seed.shop.codes", { values: ["a", "it's"] }, "code"),
        genericTest("relationships", "model.shop.orders", { to: "ref('customers')", field: "id" }, "customer_id"),
        genericTest("unique", "source.shop.raw.events", {}, "event_id"),
      ],
    };
    const parsed = await parseProject(project(spec), target, { cache: false });
    const ids = [...parsed.nodes.keys()].filter((k) => k.startsWith("test."));
    const [notNull, accepted, rel, unique] = await compileNodes(parsed, ids, runContext);
    expect(notNull!.compiledSql).toBe(
      `select id\nfrom (select * from "lake_dev"."analytics"."orders" where ds = '2024-01-01') dbt_subquery\nwhere id is null`,
    );
    expect(accepted!.compiledSql).toContain(`from "lake_dev"."analytics"."codes"`);
    expect(accepted!.compiledSql).toContain(`where value_field not in ('a', 'it''s')`);
    expect(rel!.compiledSql).toContain(`from "lake_dev"."analytics"."customers"`);
    expect(unique!.compiledSql).toContain(`from "lake_dev"."raw"."events"`);
    expect(notNull!.compiledPath).toBe(
      `target/compiled/shop/models/schema.yml/${parsed.renderer.node(ids[0]!)!.name}.sql`,
    );
  });

  it("compiles custom generic tests from {% test %} blocks and singular tests", async () => {
    const spec = {
      models: [model("orders", "select 1")],
      macros: {
        "tests/generic/positive.sql":
          "{% test positive(model, column_name, strict=false) %}select * from {{ model }} where {{ column_name }} <{{ '' if strict else '=' }} 0{% endtest %}",
      },
      tests: [
        genericTest("positive", "model.shop.orders", { strict: true }, "amount"),
        singularTest("no_rows", "select * from {{ ref('orders') }} where false"),
      ],
    };
    const parsed = await parseProject(project(spec), target, { cache: false });
    expect((await compileNode(parsed, "test.shop.positive_orders_amount", runContext)).compiledSql).toBe(
      'select * from "lake_dev"."analytics"."orders" where amount < 0',
    );
    expect((await compileNode(parsed, "test.shop.no_rows", runContext)).compiledSql).toBe(
      'select * from "lake_dev"."analytics"."orders" where false',
    );
  });

  it("runs run_query and get_columns_in_relation on the engine at run time", async () => {
    const sent: string[] = [];
    const engine: Engine = {
      capabilities: { dynamicCatalogs: true, createOrReplaceTable: true },
      async execute(sql: string): Promise<QueryResult> {
        sent.push(sql);
        if (sql.toLowerCase().includes("information_schema"))
          return {
            columns: [
              { name: "column_name", type: "varchar" },
              { name: "data_type", type: "varchar" },
            ],
            rows: [
              ["id", "bigint"],
              ["name", "varchar"],
            ],
          };
        return { columns: [{ name: "n", type: "integer" }], rows: [[7]] };
      },
      instantOf: () => undefined,
      async cancelAll() {},
      async close() {},
    };
    const spec = {
      models: [
        model("a", "select 1"),
        model(
          "b",
          "{% set cols = adapter.get_columns_in_relation(ref('a')) %}select {{ cols | map(attribute='name') | join(', ') }}, {{ run_query('select 7 as n').rows[0][0] }} as n from {{ ref('a') }}",
        ),
      ],
    };
    const out = await compile(spec, "model.shop.b", { engine });
    expect(out.compiledSql).toBe('select id, name, 7 as n from "lake_dev"."analytics"."a"');
    expect(sent).toHaveLength(2);
  });
});

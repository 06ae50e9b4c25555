import { describe, expect, it } from "vitest";
import type { QueryResult } from "../../src/engine/engine.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import { model, project, runContext, target } from "./project-builder.js";
import { sqlShape } from "./sql-shape.js";

const table = (names: string[], rows: unknown[][]): QueryResult => ({
  columns: names.map((name) => ({ name, type: "varchar" })),
  rows,
});

/** dbt-trino's list_relations_without_caching for a schema, as its macro renders it */
const listing = (catalog: string, schema: string): string =>
  `select t.table_catalog as database, t.table_name as name, t.table_schema as schema, case when mv.name is not null then 'materialized_view' when t.table_type = 'BASE TABLE' then 'table' when t.table_type = 'VIEW' then 'view' else t.table_type end as table_type from "${catalog}".INFORMATION_SCHEMA.tables t left join (select * from system.metadata.materialized_views where catalog_name = '${catalog}' and schema_name = '${schema}') mv on mv.catalog_name = t.table_catalog and mv.schema_name = t.table_schema and mv.name = t.table_name where t.table_schema = '${schema}'`;

const RELATIONS = table(
  ["database", "name", "schema", "table_type"],
  [
    ["lake_dev", "orders", "analytics", "table"],
    ["lake_dev", "orders_v", "analytics", "view"],
  ],
);

async function run(sql: string, answer: (sql: string) => QueryResult | undefined = () => undefined) {
  const engine = new RecordingEngine({ answer });
  const parsed = await parseProject(project({ models: [model("m", sql)] }), target, { cache: false });
  const out = await compileNode(parsed, "model.shop.m", { ...runContext, engine });
  return { sql: out.compiledSql, sent: engine.sql.map(sqlShape) };
}

describe("the adapter object", () => {
  it("get_relation is none at parse time, the listed relation (with its type) when it exists, none when it does not", async () => {
    const sql =
      "{% set r = adapter.get_relation(database='lake_dev', schema='Analytics', identifier=ident) %}{{ 'none' if r is none else r ~ ' ' ~ r.type ~ (' is a view' if r.is_view) }}";
    const found = await run(`{% set ident = 'ORDERS_V' %}${sql}`, () => RELATIONS);
    expect(found.sql).toBe('"lake_dev"."analytics"."orders_v" view is a view');
    expect(found.sent).toEqual([listing("lake_dev", "analytics")]);
    expect((await run(`{% set ident = 'missing' %}${sql}`, () => RELATIONS)).sql).toBe("none");
    // the parse-time render sends nothing and sees none
    expect(
      (
        await run(
          "{% if not execute %}{{ 'none' if adapter.get_relation('lake_dev', 'analytics', 'orders') is none }}{% endif %}",
          () => RELATIONS,
        )
      ).sent,
    ).toEqual([]);
  });

  it("load_relation looks a relation up by its parts", async () => {
    expect(
      (
        await run(
          "{{ load_relation(api.Relation.create(database='lake_dev', schema='analytics', identifier='orders')).type }}",
          () => RELATIONS,
        )
      ).sql,
    ).toBe("table");
  });

  it("get_columns_in_relation and get_missing_columns return Column objects from dbt-trino's query", async () => {
    const columns = (sql: string) =>
      sql.includes("table_name = 'a'")
        ? table(
            ["column_name", "data_type"],
            [
              ["ID", "bigint"],
              ["name", "varchar(20)"],
            ],
          )
        : table(["column_name", "data_type"], [["id", "bigint"]]);
    const out = await run(
      "{% for c in adapter.get_columns_in_relation(ref_a) %}{{ c.name }}:{{ c.data_type }}{{ ':string' if c.is_string() }} {% endfor %}|{{ adapter.get_missing_columns(ref_a, ref_b) | map(attribute='quoted') | join(',') }}"
        .replaceAll("ref_a", "api.Relation.create(database='lake_dev', schema='analytics', identifier='A')")
        .replaceAll("ref_b", "api.Relation.create(database='lake_dev', schema='analytics', identifier='b')"),
      columns,
    );
    expect(out.sql).toBe('id:bigint name:varchar(20):string |"name"');
    expect(out.sent[0]).toBe(
      `select column_name, data_type from "lake_dev".INFORMATION_SCHEMA.columns where table_catalog = 'lake_dev' and table_schema = 'analytics' and table_name = 'a' order by ordinal_position`,
    );
  });

  it("drop_schema drops each relation listed in the schema, then the schema, as dbt-trino", async () => {
    const listed = table(
      ["database", "name", "schema", "table_type"],
      [
        ["lake_dev", "t1", "stg", "table"],
        ["lake_dev", "v1", "stg", "view"],
        ["lake_dev", "mv1", "stg", "materialized_view"],
      ],
    );
    const out = await run(
      "{% do adapter.drop_schema(api.Relation.create(database='lake_dev', schema='stg')) %}done",
      (sql) => (sql.includes("INFORMATION_SCHEMA.tables") ? listed : undefined),
    );
    expect(out.sql).toBe("done");
    expect(out.sent).toEqual([
      listing("lake_dev", "stg"),
      'drop table if exists "lake_dev"."stg"."t1"',
      'drop view if exists "lake_dev"."stg"."v1"',
      'drop materialized view if exists "lake_dev"."stg"."mv1"',
      'drop schema if exists "lake_dev"."stg"',
    ]);
  });

  it("create_schema, drop_relation and rename_relation send dbt-trino's statements", async () => {
    const out = await run(
      "{% do adapter.create_schema(api.Relation.create(database='lake_dev', schema='stg')) %}" +
        "{% do adapter.drop_relation(api.Relation.create(database='lake_dev', schema='stg', identifier='t', type='table')) %}" +
        "{% do adapter.rename_relation(api.Relation.create(database='lake_dev', schema='stg', identifier='t', type='view'), api.Relation.create(database='lake_dev', schema='stg', identifier='u')) %}",
    );
    expect(out.sent).toEqual([
      'create schema if not exists "lake_dev"."stg"',
      'drop table if exists "lake_dev"."stg"."t"',
      'alter view "lake_dev"."stg"."t" rename to "lake_dev"."stg"."u"',
    ]);
  });

  it("quote, type and execute", async () => {
    const out = await run(
      `{{ adapter.quote('Id') }} {{ adapter.type() }} {% set res = adapter.execute('select 1 as n', fetch=true) %}{{ res[1].rows[0].n }} {{ res[0].rows_affected }}`,
      () => ({ ...table(["n"], [[1]]), updateCount: 0 }),
    );
    expect(out.sql).toBe('"Id" trino 1 0');
  });

  it("says that an offline compile has no connection for a database lookup", async () => {
    const parsed = await parseProject(
      project({ models: [model("m", "{{ adapter.get_relation('lake', 'analytics', 'x') }}")] }),
      target,
      { cache: false },
    );
    await expect(compileNode(parsed, "model.shop.m", runContext)).rejects.toThrow(
      "statement needs a database connection, and this compile has none",
    );
  });
});

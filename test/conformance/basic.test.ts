/**
 * dbt's adapter conformance suite (dbt-tests-adapter `basic/`) for tform, on the real REST sandbox: the same
 * scenarios, steps and checks as dbt's tests, with tform's own fixtures. Each scenario builds on a branch of its own.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConformanceProject, resultNames, type ProjectFiles } from "./conformance-project.js";
import * as f from "./fixtures.js";

let project: ConformanceProject | undefined;
const open = (spec: ProjectFiles): ConformanceProject => (project = new ConformanceProject(spec));
afterEach(async () => {
  await project?.cleanUp();
  project = undefined;
});

interface CatalogFile {
  readonly nodes: Record<
    string,
    { metadata: { type: string; name: string }; columns: Record<string, { name: string; type: string; index: number }> }
  >;
  readonly sources: Record<string, unknown>;
}

describe("dbt adapter conformance: basic", () => {
  it("simple materializations: seed, view, table, and a model switched between table, view and incremental", async () => {
    const p = open({
      name: "base",
      files: {
        "seeds/base.csv": f.seedBaseCsv,
        "models/view_model.sql": f.viewSql,
        "models/table_model.sql": f.tableSql,
        "models/swappable.sql": f.swappableSql,
        "models/schema.yml": f.sourcesYml,
      },
    });
    expect((await p.run(["seed"])).results).toHaveLength(1);
    const run = await p.run(["run"]);
    expect(resultNames(run.results)).toEqual(["swappable", "table_model", "view_model"]);
    await p.checkRelationTypes({ base: "table", view_model: "view", table_model: "table", swappable: "table" });
    expect(await p.rowCount("base")).toBe(10);
    await p.checkRelationsEqual(["base", "view_model", "table_model", "swappable"]);

    await p.run(["docs", "generate"]);
    const catalog = p.readJson<CatalogFile>("target/catalog.json");
    expect(Object.keys(catalog.nodes)).toHaveLength(4);
    expect(Object.keys(catalog.sources)).toHaveLength(1);

    expect((await p.run(["run", "-m", "swappable", "--vars", "materialized_var: view"])).results).toHaveLength(1);
    await p.checkRelationTypes({ base: "table", view_model: "view", table_model: "table", swappable: "view" });
    expect((await p.run(["run", "-m", "swappable", "--vars", "materialized_var: incremental"])).results).toHaveLength(
      1,
    );
    await p.checkRelationTypes({ base: "table", view_model: "view", table_model: "table", swappable: "table" });
    await p.checkRelationsEqual(["base", "swappable"]);
  });

  it("singular tests: one passes, one fails", async () => {
    const p = open({
      name: "singular_tests",
      files: { "tests/passing.sql": f.passingTestSql, "tests/failing.sql": f.failingTestSql },
    });
    const { results } = await p.run(["test"], { expectPass: false });
    expect(resultNames(results)).toEqual(["failing", "passing"]);
    expect(Object.fromEntries(results.map((r) => [resultNames([r])[0], r.status]))).toEqual({
      passing: "pass",
      failing: "fail",
    });
  });

  it("singular tests on an ephemeral model, and models that select it", async () => {
    const ephemeral = `{{ config(materialized="ephemeral") }}\nwith my_cte as (select name, id from {{ ref('base') }})\nselect id, name from my_cte where id is not null\n`;
    const passing = "with c as (select id, name from {{ ref('ephemeral') }} where id > 1000)\nselect name, id from c\n";
    const failing = "with c as (select id, name from {{ ref('ephemeral') }} where id < 1000)\nselect name, id from c\n";
    const p = open({
      name: "singular_tests_ephemeral",
      files: {
        "seeds/base.csv": f.seedBaseCsv,
        "models/ephemeral.sql": ephemeral,
        "models/passing_model.sql": passing,
        "models/failing_model.sql": failing,
        "models/schema.yml": f.sourcesYml,
        "tests/passing.sql": passing,
        "tests/failing.sql": failing,
      },
    });
    expect(resultNames((await p.run(["seed"])).results)).toEqual(["base"]);
    const tests = await p.run(["test"], { expectPass: false });
    expect(resultNames(tests.results)).toEqual(["failing", "passing"]);
    expect(Object.fromEntries(tests.results.map((r) => [resultNames([r])[0], r.status]))).toEqual({
      passing: "pass",
      failing: "fail",
    });
    expect(resultNames((await p.run(["run"])).results)).toEqual(["failing_model", "passing_model"]);
  });

  it("an empty project seeds, runs and generates docs with nothing in them", async () => {
    const p = open({ name: "empty", files: {} });
    expect((await p.run(["seed"])).results).toEqual([]);
    expect(p.hasFile("target/run_results.json")).toBe(true);
    expect(p.hasFile("target/catalog.json")).toBe(false);
    expect((await p.run(["run"])).results).toEqual([]);
    await p.run(["docs", "generate"]);
    const catalog = p.readJson<CatalogFile>("target/catalog.json");
    expect([Object.keys(catalog.nodes).length, Object.keys(catalog.sources).length]).toEqual([0, 0]);
  });

  it("ephemeral: inlined into a view and a table, left out of the results", async () => {
    const p = open({
      name: "ephemeral",
      files: {
        "seeds/base.csv": f.seedBaseCsv,
        "models/ephemeral.sql": f.ephemeralSql,
        "models/view_model.sql": "{{ config(materialized=\"view\") }}\nselect * from {{ ref('ephemeral') }}\n",
        "models/table_model.sql": "{{ config(materialized=\"table\") }}\nselect * from {{ ref('ephemeral') }}\n",
        "models/schema.yml": f.sourcesYml,
      },
    });
    expect(resultNames((await p.run(["seed"])).results)).toEqual(["base"]);
    expect(resultNames((await p.run(["run"])).results)).toEqual(["table_model", "view_model"]);
    expect(await p.rowCount("base")).toBe(10);
    await p.checkRelationsEqual(["base", "view_model", "table_model"]);
    await p.run(["docs", "generate"]);
    const catalog = p.readJson<CatalogFile>("target/catalog.json");
    expect([Object.keys(catalog.nodes).length, Object.keys(catalog.sources).length]).toEqual([3, 1]);
    const manifest = p.readJson<{ nodes: Record<string, unknown>; sources: Record<string, unknown> }>(
      "target/manifest.json",
    );
    expect([Object.keys(manifest.nodes).length, Object.keys(manifest.sources).length]).toEqual([4, 1]);
  });

  it("incremental: the var-chosen source grows from 10 to 20 rows and the model follows", async () => {
    const p = open({
      name: "incremental",
      files: {
        "seeds/base.csv": f.seedBaseCsv,
        "seeds/added.csv": f.seedAddedCsv,
        "models/incremental.sql": f.incrementalSql,
        "models/schema.yml": f.sourcesYml,
      },
    });
    expect((await p.run(["seed"])).results).toHaveLength(2);
    expect([await p.rowCount("base"), await p.rowCount("added")]).toEqual([10, 20]);
    expect((await p.run(["run", "--vars", "seed_name: base"])).results).toHaveLength(1);
    await p.checkRelationsEqual(["base", "incremental"]);
    expect((await p.run(["run", "--vars", "seed_name: added"])).results).toHaveLength(1);
    await p.checkRelationsEqual(["added", "incremental"]);
    await p.run(["docs", "generate"]);
    const catalog = p.readJson<CatalogFile>("target/catalog.json");
    expect([Object.keys(catalog.nodes).length, Object.keys(catalog.sources).length]).toEqual([3, 1]);
  });

  it("incremental with on_schema_change='sync_all_columns' whose column changes length succeeds on its second run", async () => {
    const sql = `{{ config(materialized="incremental", unique_key="user_id_current_time", on_schema_change="sync_all_columns") }}
select '1' || '-' || cast(current_timestamp as varchar) as user_id_current_time,
{% if is_incremental() %} 'thisis18characters' as platform {% else %} 'okthisis20characters' as platform {% endif %}
`;
    const p = open({ name: "incremental", files: { "models/incremental_not_schema_change.sql": sql } });
    await p.run(["run", "--select", "incremental_not_schema_change"]);
    const second = await p.run(["run", "--select", "incremental_not_schema_change"]);
    expect(second.results.map((r) => r.status)).toEqual(["success"]);
  });

  it("incremental with an unknown strategy fails that model, naming the strategy macro", async () => {
    const p = open({
      name: "incremental",
      files: {
        "seeds/base.csv": f.seedBaseCsv,
        "seeds/added.csv": f.seedAddedCsv,
        "models/incremental.sql": f.badStrategySql,
        "models/schema.yml": f.sourcesYml,
      },
    });
    expect((await p.run(["seed"])).results).toHaveLength(2);
    const run = await p.run(["run"], { expectPass: false });
    expect(run.results).toHaveLength(1);
    expect(run.results[0]!.message).toContain(
      'could not find an incremental strategy macro with the name "get_incremental_bad_strategy_sql"',
    );
  });

  it("generic tests on a seed, a view and a table", async () => {
    const p = open({
      name: "generic_tests",
      files: {
        "seeds/base.csv": f.seedBaseCsv,
        "seeds/schema.yml": f.notNullIdYml("models", "base"),
        "models/view_model.sql": f.viewSql,
        "models/table_model.sql": f.tableSql,
        "models/schema.yml": f.sourcesYml,
        "models/schema_view.yml": f.notNullIdYml("models", "view_model"),
        "models/schema_table.yml": f.notNullIdYml("models", "table_model"),
      },
    });
    await p.run(["seed"]);
    expect((await p.run(["test", "-m", "base"])).results).toHaveLength(1);
    expect((await p.run(["run"])).results).toHaveLength(2);
    expect((await p.run(["test"])).results).toHaveLength(3);
  });

  it("table materialization ignores configs another warehouse has (sort, dist) and reads {{ this.schema }}", async () => {
    const seed =
      [
        "id,first_name,last_name,email",
        "1,Ada,Lovelace,ada@example.org",
        "2,Alan,Turing,alan@example.org",
        "3,Grace,Hopper,grace@example.org",
      ].join("\n") + "\n";
    const model = `{{\n  config(\n    materialized = "table",\n    sort = 'first_name',\n    dist = 'first_name'\n  )\n}}\n\nselect * from {{ this.schema }}.seed\n`;
    const p = open({
      name: "table_materialization",
      files: { "seeds/seed.csv": seed, "models/materialized.sql": model },
    });
    expect((await p.run(["seed"])).results).toHaveLength(1);
    expect((await p.run(["run"])).results).toHaveLength(1);
    await p.checkRelationsEqual(["seed", "materialized"]);
  });

  it("adapter methods: drop_schema, get_relation, create_schema, get_columns_in_relation at run time", async () => {
    const model = `
{% set upstream = ref('upstream') %}
{% if execute %}
    {%- do adapter.drop_schema(upstream) -%}
    {% set existing = adapter.get_relation(upstream.database, upstream.schema, upstream.identifier) %}
    {% if existing is not none %}
        {% do exceptions.raise_compiler_error('expected ' ~ ' to not exist, but it did') %}
    {% endif %}
    {%- do adapter.create_schema(upstream) -%}
    {% set sql = create_view_as(upstream, 'select 2 as id') %}
    {% do run_query(sql) %}
{% endif %}
select * from {{ upstream }}
`;
    const columnsTest =
      "{% set columns = adapter.get_columns_in_relation(ref('model')) %}\n{% set limit_query = 0 %}\n{% if (columns | length) == 0 %}\n  {% set limit_query = 1 %}\n{% endif %}\nselect 1 as id limit {{ limit_query }}\n";
    const p = open({
      name: "adapter_methods",
      projectYml: "models:\n  adapter_methods:\n    +materialized: table\n",
      files: {
        "models/upstream.sql": "select 1 as id\n",
        "models/expected.sql": "-- make sure this runs after 'model'\n-- {{ ref('model') }}\nselect 2 as id\n",
        "models/model.sql": model,
        "tests/get_columns_in_relation.sql": columnsTest,
      },
    });
    // dbt's compile connects and would run these DDL statements; tform compile is offline on purpose (README, "dbt
    // compatibility") and names the construct that needs the database instead
    const compile = await p.run(["compile"], { expectPass: false });
    expect(compile.output).toMatch(/TF206 .*models\/model\.sql.*needs a database connection/);
    expect((await p.run(["run"])).results).toHaveLength(3);
    await p.checkRelationsEqual(["model", "expected"]);
  });

  it("docs generate: catalog.json in dbt's shape lists each relation with its type and columns", async () => {
    const seed =
      "id,first_name,email,ip_address,updated_at\n1,Larry,lking0@example.org,69.135.206.194,2008-09-12 19:08:31\n";
    const p = open({
      name: "get_catalog_for_single_relation",
      files: {
        "seeds/my_seed.csv": seed,
        "models/my_table_model.sql": "{{ config(materialized='table') }}\nselect * from {{ ref('my_seed') }}\n",
        "models/my_view_model.sql":
          "{{\n    config(\n        materialized='view',\n    )\n}}\n\nselect * from {{ ref('my_seed') }}\n",
      },
    });
    expect((await p.run(["seed"])).results).toHaveLength(1);
    expect((await p.run(["run"])).results).toHaveLength(2);
    await p.run(["docs", "generate"]);
    const catalog = p.readJson<CatalogFile & { metadata: { dbt_schema_version: string }; errors: unknown }>(
      "target/catalog.json",
    );
    expect(catalog.metadata.dbt_schema_version).toBe("https://schemas.getdbt.com/dbt/catalog/v1.json");
    expect(catalog.errors).toBeNull();
    const seedEntry = catalog.nodes["seed.get_catalog_for_single_relation.my_seed"]!;
    // dbt-trino writes information_schema's table_type as it is
    expect(seedEntry.metadata).toMatchObject({ type: "BASE TABLE", name: "my_seed" });
    expect(Object.values(seedEntry.columns).map((c) => [c.name, c.type, c.index])).toEqual([
      ["id", "integer", 1],
      ["first_name", "varchar", 2],
      ["email", "varchar", 3],
      ["ip_address", "varchar", 4],
      ["updated_at", "timestamp(6)", 5],
    ]);
    expect(catalog.nodes["model.get_catalog_for_single_relation.my_view_model"]!.metadata).toMatchObject({
      type: "VIEW",
      name: "my_view_model",
    });
  });

  it("validate connection: tform debug checks the profile, Trino and Nessie", async () => {
    const p = open({ name: "validate_connection", files: { "models/m.sql": "select 1 as id\n" } });
    const debug = await p.run(["debug"]);
    expect(debug.output).toContain("All checks passed!");
  });
});

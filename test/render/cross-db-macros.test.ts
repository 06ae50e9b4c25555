import { describe, expect, it } from "vitest";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { renderedBy } from "./render-each.js";
import { sqlShape } from "./sql-shape.js";

/**
 * Each call and the SQL dbt-core 1.11 with dbt-trino 1.10 compiled it to (`dbt compile` of the same calls in a model
 * named xdb on the catalog lake, config properties={"format": "'PARQUET'"}, with a project macro
 * trino__get_intervals_between returning 4), compared as SQL shapes (whitespace folded).
 */
const DBT_TRINO: readonly (readonly [string, string])[] = [
  ["dbt.type_string()", "varchar"],
  ["dbt.type_timestamp()", "timestamp"],
  ["dbt.type_float()", "double"],
  ["dbt.type_numeric()", "decimal(28, 6)"],
  ["dbt.type_bigint()", "bigint"],
  ["dbt.type_int()", "integer"],
  ["dbt.type_boolean()", "boolean"],
  ["dbt.current_timestamp()", "current_timestamp"],
  ["dbt.current_timestamp_backcompat()", "current_timestamp::timestamp"],
  ["dbt.current_timestamp_in_utc_backcompat()", "current_timestamp::timestamp"],
  ["dbt.dateadd('day', 1, 'd')", "date_add('day', 1, d)"],
  ["dateadd('month', -3, \"cast('2020-01-01' as date)\")", "date_add('month', -3, cast('2020-01-01' as date))"],
  ["dbt.datediff('a', 'b', 'year')", "(year(CAST(b AS TIMESTAMP)) - year(CAST(a AS TIMESTAMP)))"],
  [
    "dbt.datediff('a', 'b', 'quarter')",
    "((year(CAST(b AS TIMESTAMP)) - year(CAST(a AS TIMESTAMP))) * 4) + quarter(CAST(b AS TIMESTAMP)) - quarter(CAST(a AS TIMESTAMP))",
  ],
  [
    "dbt.datediff('a', 'b', 'month')",
    "((year(CAST(b AS TIMESTAMP)) - year(CAST(a AS TIMESTAMP))) * 12) + month(CAST(b AS TIMESTAMP)) - month(CAST(a AS TIMESTAMP))",
  ],
  [
    "dbt.datediff('a', 'b', 'day')",
    "((to_milliseconds((CAST(CAST(b AS TIMESTAMP) AS DATE) - CAST(CAST(a AS TIMESTAMP) AS DATE)))) / 86400000)",
  ],
  [
    "dbt.datediff('a', 'b', 'week')",
    "(((to_milliseconds((CAST(CAST(b AS TIMESTAMP) AS DATE) - CAST(CAST(a AS TIMESTAMP) AS DATE)))) / 86400000) / 7 + case when dow(CAST(a AS TIMESTAMP)) <= dow(CAST(b AS TIMESTAMP)) then case when a <= b then 0 else -1 end else case when a <= b then 1 else 0 end end)",
  ],
  [
    "dbt.datediff('a', 'b', 'hour')",
    "(((to_milliseconds((CAST(CAST(b AS TIMESTAMP) AS DATE) - CAST(CAST(a AS TIMESTAMP) AS DATE)))) / 86400000) * 24 + hour(CAST(b AS TIMESTAMP)) - hour(CAST(a AS TIMESTAMP)))",
  ],
  [
    "dbt.datediff('a', 'b', 'minute')",
    "((((to_milliseconds((CAST(CAST(b AS TIMESTAMP) AS DATE) - CAST(CAST(a AS TIMESTAMP) AS DATE)))) / 86400000) * 24 + hour(CAST(b AS TIMESTAMP)) - hour(CAST(a AS TIMESTAMP))) * 60 + minute(CAST(b AS TIMESTAMP)) - minute(CAST(a AS TIMESTAMP)))",
  ],
  [
    "dbt.datediff('a', 'b', 'second')",
    "(((((to_milliseconds((CAST(CAST(b AS TIMESTAMP) AS DATE) - CAST(CAST(a AS TIMESTAMP) AS DATE)))) / 86400000) * 24 + hour(CAST(b AS TIMESTAMP)) - hour(CAST(a AS TIMESTAMP))) * 60 + minute(CAST(b AS TIMESTAMP)) - minute(CAST(a AS TIMESTAMP))) * 60 + second(CAST(b AS TIMESTAMP)) - second(CAST(a AS TIMESTAMP)))",
  ],
  ["dbt.datediff('a', 'b', 'millisecond')", "(to_milliseconds((CAST(b AS TIMESTAMP) - CAST(a AS TIMESTAMP))))"],
  ["dbt.date_trunc('month', 'd')", "date_trunc('month', d)"],
  ["dbt.last_day('d', 'month')", "cast(date_add('day', -1, date_add('month', 1, date_trunc('month', d))) as date)"],
  ["dbt.split_part('s', \"','\", 2)", "split_part(s, ',', 2)"],
  ["dbt.split_part('s', \"','\", -1)", "split_part(s, ',', length(s) - length(replace(s, ',', '')) + 2 + -1)"],
  ["dbt.concat(['a', \"'-'\", 'b'])", "a || '-' || b"],
  ["dbt.hash('x')", "lower(to_hex(md5(to_utf8(cast(x as varchar)))))"],
  ["dbt.safe_cast('x', dbt.type_int())", "try_cast(x as integer)"],
  ["dbt.cast('x', 'bigint')", "cast(x as bigint)"],
  ["dbt.cast_bool_to_text('b')", "cast(b as VARCHAR)"],
  ["dbt.any_value('x')", "min(x)"],
  ["dbt.bool_or('x')", "bool_or(x)"],
  ["dbt.listagg('x')", "array_join(array_agg(x), ',')"],
  ["dbt.listagg('x', \"'|'\", \"order by y\", 3)", "array_join(slice(array_agg(x order by y), 1, 3), '|')"],
  ["dbt.position(\"'a'\", 'x')", "position('a' in x)"],
  ["dbt.replace('x', \"'a'\", \"'b'\")", "replace(x, 'a', 'b')"],
  ["dbt.right('x', 3)", "case when 3 = 0 then '' else substr(x, -1 * (3)) end"],
  ["dbt.length('x')", "length(x)"],
  ["dbt.string_literal('abc')", "'abc'"],
  ['dbt.escape_single_quotes("it\'s")', "it''s"],
  ["dbt.except()", "except"],
  ["dbt.intersect()", "intersect"],
  ["dbt.array_construct(['1', '2'])", "array[ 1, 2 ]"],
  ["dbt.array_construct([])", "null"],
  ["dbt.array_append('arr', '3')", "concat(arr, array[ 3 ])"],
  ["dbt.array_concat('a1', 'a2')", "concat(a1, a2)"],
  ["dbt.get_powers_of_two(10)", "4"],
  [
    "dbt.generate_series(10)",
    "with p as (select 0 as generated_number union all select 1), unioned as (select p0.generated_number * power(2, 0) + p1.generated_number * power(2, 1) + p2.generated_number * power(2, 2) + p3.generated_number * power(2, 3) + 1 as generated_number from p as p0 cross join p as p1 cross join p as p2 cross join p as p3) select * from unioned where generated_number <= 10 order by generated_number",
  ],
  ["dbt.get_intervals_between('s', 'e', 'day')", "4"],
  [
    "dbt.date_spine('day', \"cast('2020-01-01' as date)\", \"cast('2020-01-05' as date)\")",
    "with rawdata as (with p as (select 0 as generated_number union all select 1), unioned as (select p0.generated_number * power(2, 0) + p1.generated_number * power(2, 1) + 1 as generated_number from p as p0 cross join p as p1) select * from unioned where generated_number <= 4 order by generated_number), all_periods as (select (date_add('day', row_number() over (order by 1) - 1, cast(cast('2020-01-01' as date) as date))) as date_day from rawdata), filtered as (select * from all_periods where date_day <= cast(cast('2020-01-05' as date) as date)) select * from filtered",
  ],
  ["get_where_subquery(this)", '"lake"."analytics"."xdb"'],
  [
    "create_table_as(False, this, 'select 1')",
    'create table "lake"."analytics"."xdb" WITH (format = \'PARQUET\') as (select 1);',
  ],
  [
    "get_create_table_as_sql(False, this, 'select 1')",
    'create table "lake"."analytics"."xdb" WITH (format = \'PARQUET\') as (select 1);',
  ],
  [
    "create_view_as(this, 'select 1')",
    'create or replace view "lake"."analytics"."xdb" security definer as select 1 ;',
  ],
  [
    "get_create_view_as_sql(this, 'select 1')",
    'create or replace view "lake"."analytics"."xdb" security definer as select 1 ;',
  ],
  ["make_temp_relation(this)", '"lake"."analytics"."xdb__dbt_tmp"'],
  ["make_temp_relation(this, '__x')", '"lake"."analytics"."xdb__x"'],
];

describe("dbt's cross-database and global macros", () => {
  it("render the SQL dbt-trino renders, called through the dbt namespace or unqualified", async () => {
    const macros = {
      "macros/intervals.sql":
        "{% macro trino__get_intervals_between(start_date, end_date, datepart) %}{{ return(4) }}{% endmacro %}",
    };
    const rendered = await renderedBy(
      DBT_TRINO.map(([call]) => call),
      { spec: { macros }, config: { properties: { format: "'PARQUET'" } }, run: { catalog: "lake" } },
    );
    expect(Object.fromEntries(Object.entries(rendered).map(([call, sql]) => [call, sqlShape(sql)]))).toEqual(
      Object.fromEntries(DBT_TRINO),
    );
  });

  it("get_intervals_between asks Trino for the datediff (dbt-trino's query), and answers 1 at parse time", async () => {
    const engine = new RecordingEngine({ answer: () => ({ columns: [{ name: "n", type: "bigint" }], rows: [[4]] }) });
    const call =
      "'n=' ~ dbt.get_intervals_between(\"date '2020-01-01'\", \"date '2020-01-05'\", 'day') ~ (' executing' if execute)";
    expect(Object.values(await renderedBy([call], { run: { engine } }))).toEqual(["n=4 executing"]);
    expect(engine.sql.map(sqlShape)).toEqual([
      "select ((to_milliseconds((CAST(CAST(date '2020-01-05' AS TIMESTAMP) AS DATE) - CAST(CAST(date '2020-01-01' AS TIMESTAMP) AS DATE)))) / 86400000)",
    ]);
  });

  it("should_full_refresh and should_store_failures prefer the node's config to the flag", async () => {
    const calls = ["'yes' if should_full_refresh() else 'no'", "'yes' if should_store_failures() else 'no'"];
    expect(Object.values(await renderedBy(calls))).toEqual(["no", "no"]);
    expect(Object.values(await renderedBy(calls, { run: { fullRefresh: true } }))).toEqual(["yes", "no"]);
    expect(
      Object.values(
        await renderedBy(calls, { run: { fullRefresh: true }, config: { full_refresh: false, store_failures: true } }),
      ),
    ).toEqual(["no", "yes"]);
  });

  it("datediff names the dateparts Trino supports when given another", async () => {
    await expect(renderedBy(["dbt.datediff('a', 'b', 'fortnight')"])).rejects.toThrow(
      "datediff on Trino supports the dateparts year, quarter, month, week, day, hour, minute, second and millisecond, not 'fortnight'.",
    );
  });

  it("create_table_as / create_view_as follow on_exists, persist_docs, file_format, table_format and view_security as dbt-trino", async () => {
    // dbt-trino 1.10's output for the same calls and configs, one call per model (its properties() changes the config it reads)
    const config = {
      properties: { location: "'s3://b/t'" },
      file_format: "ORC",
      view_security: "invoker",
      persist_docs: { relation: true },
    };
    const described = await renderedBy(
      ["trino__create_table_as(True, this, 'select 1', on_exists='replace')", "create_view_as(this, 'select 1')"],
      { config, run: { catalog: "lake" }, description: "It's a table" },
    );
    expect(Object.values(described).map(sqlShape)).toEqual([
      `create or replace table "lake"."analytics"."xdb" comment 'It''s a table' WITH (location = 's3://b/t__dbt_tmp', format = 'ORC') as (select 1);`,
      'create or replace view "lake"."analytics"."xdb" security invoker as select 1 ;',
    ]);
    const formats = await renderedBy(["trino__create_table_as(False, this, 'select 1', on_exists='skip')"], {
      config: { properties: { format: "'PARQUET'" }, table_format: "iceberg" },
      run: { catalog: "lake" },
    });
    expect(Object.values(formats).map(sqlShape)).toEqual([
      `create table if not exists "lake"."analytics"."xdb" WITH (format = 'PARQUET', type = 'iceberg') as (select 1);`,
    ]);
  });
});

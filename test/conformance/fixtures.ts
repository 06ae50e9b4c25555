/**
 * Project files for the conformance scenarios, written for tform after the shapes of dbt-tests-adapter's
 * `basic/files.py`: a ten-row seed, a source whose schema is `{{ target.schema }}` and whose identifier is a var,
 * and models that select it as a view, a table, an ephemeral model or an incremental model.
 */
const seedRows = [
  [1, "Amara", "1984-02-11T08:15:00"],
  [2, "Bjorn", "1979-11-30T21:40:12"],
  [3, "Chiara", "1990-07-04T03:05:59"],
  [4, "Dmitri", "1975-01-19T12:00:00"],
  [5, "Esi", "1988-09-09T09:09:09"],
  [6, "Farid", "1993-12-24T18:30:45"],
  [7, "Greta", "1969-06-01T00:00:01"],
  [8, "Hiro", "1986-03-15T14:22:10"],
  [9, "Ines", "1997-10-27T06:48:33"],
  [10, "Jonas", "1972-05-05T23:59:59"],
];
const moreRows = [
  [11, "Kofi", "2011-08-08T10:10:10"],
  [12, "Lea", "2003-01-02T03:04:05"],
  [13, "Mateus", "2006-04-20T16:20:00"],
  [14, "Nia", "2015-02-28T07:30:00"],
  [15, "Oskar", "2009-12-31T23:00:00"],
  [16, "Priya", "2001-06-15T12:45:30"],
  [17, "Quinn", "2018-09-01T05:55:55"],
  [18, "Rosa", "2013-11-11T11:11:11"],
  [19, "Sami", "2007-03-03T03:03:03"],
  [20, "Tove", "2004-07-07T19:19:19"],
];
const csv = (rows: readonly (readonly unknown[])[]): string =>
  ["id,name,some_date", ...rows.map((r) => r.join(","))].join("\n") + "\n";

export const seedBaseCsv = csv(seedRows);
export const seedAddedCsv = csv([...seedRows, ...moreRows]);

export const sourcesYml = `version: 2
sources:
  - name: raw
    schema: "{{ target.schema }}"
    tables:
      - name: seed
        identifier: "{{ var('seed_name', 'base') }}"
`;

export const notNullIdYml = (section: "models" | "seeds", name: string): string => `version: 2
${section}:
  - name: ${name}
    columns:
      - name: id
        data_tests:
          - not_null
`;

const selectSource = "\nselect * from {{ source('raw', 'seed') }}\n";
export const viewSql = `{{ config(materialized="view") }}${selectSource}`;
export const tableSql = `{{ config(materialized="table") }}${selectSource}`;
export const ephemeralSql = `{{ config(materialized="ephemeral") }}${selectSource}`;
/** a trailing comma in the call, as Jinja accepts */
export const swappableSql = `{{ config(materialized=var("materialized_var", "table"),) }}${selectSource}`;

export const incrementalSql = `{{ config(materialized="incremental") }}
select * from {{ source('raw', 'seed') }}
{% if is_incremental() %}
where id > (select max(id) from {{ this }})
{% endif %}
`;
export const badStrategySql = `{{ config(materialized="incremental", incremental_strategy="bad_strategy") }}
select * from {{ source('raw', 'seed') }}
`;

export const passingTestSql = "select * from (select 1 as id) as t where id = 2\n";
export const failingTestSql = "select * from (select 1 as id) as t where id = 1\n";

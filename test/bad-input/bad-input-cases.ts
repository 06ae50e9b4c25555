/** The bad-input table: each row a small project or command line, the error code, the exit code and where it points. */
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import type { BadInputCase } from "./bad-input-harness.js";

const project = (extra: string): string => `name: shop\nconfig-version: 2\nversion: '1.0'\nprofile: shop\n${extra}`;
const props = (body: string): string => `version: 2\n${body}`;
const modelCfg = (cfg: string): Record<string, string> => ({
  "models/a.sql": `{{ config(${cfg}) }}\nselect 1 as id\n`,
});
const modelsYaml = (cfg: string): Record<string, string> => ({
  "models/schema.yml": props(`models:\n  - name: a\n    config:\n      ${cfg}\n`),
});
const profileWith = (line: string): string =>
  `shop:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      host: 127.0.0.1\n      user: tform\n      catalog: lake\n      schema: shop\n      ${line}\n`;

const PROJECT = 4;
const USAGE = 64;

export const PROJECT_FILE_CASES: readonly BadInputCase[] = [
  {
    name: "config-version: 1",
    files: { "dbt_project.yml": project("").replace("config-version: 2", "config-version: 1") },
    code: "TF107",
    exit: PROJECT,
    at: "dbt_project.yml:2",
  },
  {
    name: "no name",
    files: { "dbt_project.yml": "config-version: 2\nprofile: shop\n" },
    code: "TF107",
    exit: PROJECT,
    at: "dbt_project.yml",
  },
  {
    name: "name with a dash",
    files: { "dbt_project.yml": project("").replace("name: shop", "name: my-shop") },
    code: "TF107",
    exit: PROJECT,
    at: "dbt_project.yml:1",
  },
  {
    name: "tab indentation in dbt_project.yml",
    files: { "dbt_project.yml": project("models:\n\tshop:\n\t\tmaterialized: table\n") },
    code: "TF101",
    exit: PROJECT,
    at: "dbt_project.yml:6",
  },
  {
    name: "model-paths is a string",
    files: { "dbt_project.yml": project("model-paths: models\n") },
    code: "TF107",
    exit: PROJECT,
    at: "dbt_project.yml:5",
  },
  {
    name: "model-paths names a missing folder",
    files: { "dbt_project.yml": project("model-paths: ['modelz']\n") },
    code: "TF103",
    exit: PROJECT,
    at: "dbt_project.yml:5",
  },
  {
    name: "unclosed bracket in dbt_project.yml",
    files: { "dbt_project.yml": project("model-paths: ['models'\n") },
    code: "TF101",
    exit: PROJECT,
    at: "dbt_project.yml:6",
  },
  {
    name: "vars is a list",
    files: { "dbt_project.yml": project("vars: [a, b]\n") },
    code: "TF107",
    exit: PROJECT,
    at: "dbt_project.yml:5",
  },
  {
    name: "require-dbt-version that excludes 1.11",
    files: { "dbt_project.yml": project("require-dbt-version: '<1.0.0'\n") },
    code: "TF107",
    exit: PROJECT,
    at: "dbt_project.yml:5",
  },
  {
    name: "models: tree is a list",
    files: { "dbt_project.yml": project("models:\n  - shop\n") },
    code: "TF107",
    exit: PROJECT,
    at: "dbt_project.yml:5",
  },
  { name: "no dbt_project.yml", files: { "dbt_project.yml": null }, code: "TF102", exit: PROJECT },
  {
    name: "materialized typo in the models: tree",
    files: { "dbt_project.yml": project("models:\n  shop:\n    +materialized: tabel\n") },
    code: "TF420",
    exit: PROJECT,
    at: "dbt_project.yml:7",
  },
];

export const PROPERTIES_CASES: readonly BadInputCase[] = [
  {
    name: "properties version: 3",
    files: { "models/schema.yml": "version: 3\nmodels:\n  - name: a\n" },
    code: "TF108",
    exit: PROJECT,
    at: "models/schema.yml:1",
  },
  {
    name: "accepted_values without values",
    files: {
      "models/schema.yml": props(
        "models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - accepted_values:\n              quote: false\n",
      ),
    },
    code: "TF108",
    exit: PROJECT,
    at: "models/schema.yml:7",
  },
  {
    name: "relationships to an unknown model, at the test's line",
    files: {
      "models/schema.yml": props(
        "models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - relationships:\n              to: ref('nope')\n              field: id\n",
      ),
    },
    code: "TF202",
    exit: PROJECT,
    at: "models/schema.yml:7",
  },
  {
    name: "unknown generic test",
    files: {
      "models/schema.yml": props(
        "models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - uniqe\n",
      ),
    },
    code: "TF213",
    exit: PROJECT,
    at: "models/schema.yml:7",
  },
  {
    name: "tab indentation in schema.yml",
    files: { "models/schema.yml": "version: 2\nmodels:\n\t- name: a\n" },
    code: "TF101",
    exit: PROJECT,
    at: "models/schema.yml:3",
  },
  {
    name: "models: is a mapping",
    files: { "models/schema.yml": props("models:\n  a:\n    description: x\n") },
    code: "TF108",
    exit: PROJECT,
    at: "models/schema.yml:2",
  },
  {
    name: "a model entry without name",
    files: { "models/schema.yml": props("models:\n  - description: x\n") },
    code: "TF108",
    exit: PROJECT,
    at: "models/schema.yml:3",
  },
  {
    name: "columns is a mapping",
    files: { "models/schema.yml": props("models:\n  - name: a\n    columns:\n      id: {}\n") },
    code: "TF108",
    exit: PROJECT,
    at: "models/schema.yml:4",
  },
  {
    name: "tests is a string",
    files: {
      "models/schema.yml": props("models:\n  - name: a\n    columns:\n      - name: id\n        tests: unique\n"),
    },
    code: "TF108",
    exit: PROJECT,
    at: "models/schema.yml:6",
  },
  {
    name: "a source without tables' names",
    files: { "models/schema.yml": props("sources:\n  - name: raw\n    tables:\n      - identifier: x\n") },
    code: "TF108",
    exit: PROJECT,
    at: "models/schema.yml:5",
  },
  {
    name: "two sources of one name",
    files: {
      "models/schema.yml": props(
        "sources:\n  - name: raw\n    tables: [{name: t}]\n  - name: raw\n    tables: [{name: t}]\n",
      ),
    },
    code: "TF105",
    exit: PROJECT,
    at: "models/schema.yml:5",
  },
  {
    name: "unclosed quote in schema.yml",
    files: { "models/schema.yml": props("models:\n  - name: 'a\n") },
    code: "TF101",
    exit: PROJECT,
    at: "models/schema.yml:4",
  },
  {
    name: "severity typo",
    files: {
      "models/schema.yml": props(
        "models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - unique:\n              config:\n                severity: fatal\n",
      ),
    },
    code: "TF106",
    exit: PROJECT,
    at: "models/schema.yml:9",
  },
  {
    name: "freshness with a bad period",
    files: {
      "models/schema.yml": props(
        "sources:\n  - name: raw\n    loaded_at_field: ts\n    freshness:\n      warn_after: {count: 1, period: week}\n    tables: [{name: t}]\n",
      ),
    },
    code: "TF108",
    exit: PROJECT,
    at: "models/schema.yml:6",
  },
  {
    name: "docs block that is never closed",
    files: { "models/docs.md": "{% docs a %}\nabout a\n" },
    code: "TF139",
    exit: PROJECT,
    at: "models/docs.md:1",
  },
  {
    name: "doc() of an unknown block",
    files: { "models/schema.yml": props("models:\n  - name: a\n    description: \"{{ doc('nope') }}\"\n") },
    code: "TF212",
    exit: PROJECT,
    at: "models/schema.yml:4",
  },
];

export const MODEL_CONFIG_CASES: readonly BadInputCase[] = [
  {
    name: "materialized='tabel' lists the materializations",
    files: modelCfg("materialized='tabel'"),
    code: "TF420",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  {
    name: "unique_key=123",
    files: modelCfg("materialized='incremental', unique_key=123"),
    code: "TF106",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  {
    name: "incremental_strategy typo",
    files: modelCfg("materialized='incremental', incremental_strategy='mrege', unique_key='id'"),
    code: "TF412",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  {
    name: "merge without unique_key",
    files: modelCfg("materialized='incremental', incremental_strategy='merge'"),
    code: "TF414",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  {
    name: "on_schema_change typo",
    files: modelCfg("materialized='incremental', on_schema_change='sync'"),
    code: "TF418",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  { name: "enabled='no'", files: modelCfg("enabled='no'"), code: "TF106", exit: PROJECT, at: "models/a.sql:1" },
  { name: "tags is a number", files: modelCfg("tags=5"), code: "TF106", exit: PROJECT, at: "models/a.sql:1" },
  { name: "schema is a list", files: modelCfg("schema=['x']"), code: "TF106", exit: PROJECT, at: "models/a.sql:1" },
  { name: "alias is a number", files: modelCfg("alias=5"), code: "TF106", exit: PROJECT, at: "models/a.sql:1" },
  {
    name: "properties is a string",
    files: modelCfg("properties='format=ORC'"),
    code: "TF411",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  {
    name: "partitioning by an unknown transform",
    files: modelCfg("properties={'partitioning': \"ARRAY['week(ts)']\"}"),
    code: "TF413",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  { name: "post_hook is a number", files: modelCfg("post_hook=5"), code: "TF106", exit: PROJECT, at: "models/a.sql:1" },
  {
    name: "post_hook with broken Jinja",
    files: modelCfg("post_hook='{{ this.nope( }}'"),
    code: "TF201",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  {
    name: "post_hook calling an undefined macro",
    files: modelCfg("post_hook='{{ no_such_macro() }}'"),
    code: "TF204",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  {
    name: "persist_docs is a string",
    files: modelCfg("persist_docs='yes'"),
    code: "TF106",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
  {
    name: "materialized typo in properties YAML",
    files: modelsYaml("materialized: tabel"),
    code: "TF420",
    exit: PROJECT,
    at: "models/schema.yml:5",
  },
  {
    name: "unique_key a mapping in properties YAML",
    files: { ...modelsYaml("materialized: incremental\n      unique_key: {a: 1}") },
    code: "TF106",
    exit: PROJECT,
    at: "models/schema.yml:6",
  },
  {
    name: "enabled a string in properties YAML",
    files: modelsYaml("enabled: 'maybe'"),
    code: "TF106",
    exit: PROJECT,
    at: "models/schema.yml:5",
  },
  {
    name: "config() with a positional argument",
    files: { "models/a.sql": "{{ config('table') }}\nselect 1 as id\n" },
    code: "TF210",
    exit: PROJECT,
    at: "models/a.sql:1",
  },
];

export const TEMPLATE_CASES: readonly BadInputCase[] = [
  {
    name: "Jinja syntax error names its line",
    files: { "models/j.sql": "select 1\n{% if true %}\nselect 2\n" },
    code: "TF201",
    exit: PROJECT,
    at: "models/j.sql:2",
  },
  {
    name: "unclosed {{",
    files: { "models/j.sql": "select\n  {{ ref('a') \nfrom x\n" },
    code: "TF201",
    exit: PROJECT,
    at: "models/j.sql:3",
  },
  {
    name: "unknown ref",
    files: { "models/b.sql": "select * from {{ ref('nope') }}\n" },
    code: "TF202",
    exit: PROJECT,
    at: "models/b.sql:1",
  },
  {
    name: "ref of a misspelled model suggests the name",
    files: { "models/b.sql": "\nselect * from {{ ref('aa') }}\n" },
    code: "TF202",
    exit: PROJECT,
    at: "models/b.sql:2",
  },
  {
    name: "ref to a disabled model",
    files: {
      "models/d.sql": "{{ config(enabled=false) }}\nselect 1 as id\n",
      "models/b.sql": "select * from {{ ref('d') }}\n",
    },
    code: "TF202",
    exit: PROJECT,
    at: "models/b.sql:1",
  },
  {
    name: "unknown source",
    files: { "models/b.sql": "select * from {{ source('raw', 'x') }}\n" },
    code: "TF203",
    exit: PROJECT,
    at: "models/b.sql:1",
  },
  {
    name: "unknown macro",
    files: { "models/b.sql": "select {{ cents_to_dollars('x') }}\n" },
    code: "TF204",
    exit: PROJECT,
    at: "models/b.sql:1",
  },
  {
    name: "unknown package in a macro call",
    files: { "models/b.sql": "select {{ dbt_utils.star(ref('a')) }}\n" },
    code: "TF205",
    exit: PROJECT,
    at: "models/b.sql:1",
  },
  {
    name: "var without a value",
    files: { "models/b.sql": "select {{ var('start') }} as x\n" },
    code: "TF207",
    exit: PROJECT,
    at: "models/b.sql:1",
  },
  {
    name: "env_var without a value",
    files: { "models/b.sql": "select '{{ env_var('TFORM_BAD_INPUT_UNSET') }}' as x\n" },
    code: "TF208",
    exit: PROJECT,
    at: "models/b.sql:1",
  },
  {
    name: "a DBT_ENV_SECRET_ variable in a model",
    files: { "models/b.sql": "select 1 as x\n-- {{ env_var('DBT_ENV_SECRET_TFORM_BAD_INPUT') }}\n" },
    env: { DBT_ENV_SECRET_TFORM_BAD_INPUT: "hush-value-1234" },
    code: "TF214",
    exit: PROJECT,
    at: "models/b.sql:2",
  },
  {
    name: "a DBT_ENV_SECRET_ variable in dbt_project.yml",
    files: {
      "dbt_project.yml": project(
        "models:\n  shop:\n    +schema: \"{{ env_var('DBT_ENV_SECRET_TFORM_BAD_INPUT') }}\"\n",
      ),
    },
    env: { DBT_ENV_SECRET_TFORM_BAD_INPUT: "hush-value-1234" },
    code: "TF137",
    exit: PROJECT,
    at: "dbt_project.yml:7",
  },
  {
    name: "exceptions.raise_compiler_error",
    files: { "models/b.sql": "\n{{ exceptions.raise_compiler_error('stop here') }}\n" },
    code: "TF209",
    exit: PROJECT,
    at: "models/b.sql:2",
  },
  {
    name: "unknown tag",
    files: { "models/b.sql": "{% materialization x %}{% endmaterialization %}\n" },
    code: "TF206",
    exit: PROJECT,
    at: "models/b.sql:1",
  },
  {
    name: "macro file with a syntax error",
    files: { "macros/m.sql": "{% macro m() %}\n{{ 1 + }}\n{% endmacro %}\n" },
    code: "TF201",
    exit: PROJECT,
    at: "macros/m.sql:2",
  },
  {
    name: "macro file with an unclosed macro",
    files: { "macros/m.sql": "{% macro m() %}\nselect 1\n" },
    code: "TF201",
    exit: PROJECT,
    at: "macros/m.sql:1",
  },
  {
    name: "two macros of one name",
    files: { "macros/m.sql": "{% macro m() %}1{% endmacro %}\n", "macros/n.sql": "{% macro m() %}2{% endmacro %}\n" },
    code: "TF105",
    exit: PROJECT,
    at: "macros/n.sql:1",
  },
  {
    name: "two models of one name",
    files: { "models/x/a.sql": "select 2 as id\n" },
    code: "TF105",
    exit: PROJECT,
    at: "models/x/a.sql",
  },
  {
    name: "calling a string as a function",
    files: { "models/b.sql": "{% set s = 'x' %}\nselect {{ s() }}\n" },
    code: "TF204",
    exit: PROJECT,
    at: "models/b.sql:2",
  },
  {
    name: "a cycle between two models",
    files: { "models/a.sql": "select * from {{ ref('b') }}\n", "models/b.sql": "select * from {{ ref('a') }}\n" },
    code: "TF301",
    exit: PROJECT,
  },
  {
    name: "Jinja in a singular test with a syntax error",
    files: { "tests/t.sql": "select * from {{ ref('a') \n" },
    code: "TF201",
    exit: PROJECT,
    at: "tests/t.sql:1",
  },
];

export const FILE_CASES: readonly BadInputCase[] = [
  {
    name: "a model that is a directory",
    setup: (dir) => mkdirSync(path.join(dir, "models/b.sql")),
    code: "TF103",
    exit: PROJECT,
    at: "models/b.sql",
  },
  {
    name: "a symlink loop as a model",
    setup: (dir) => {
      symlinkSync("loop2.sql", path.join(dir, "models/loop1.sql"));
      symlinkSync("loop1.sql", path.join(dir, "models/loop2.sql"));
    },
    code: "TF103",
    exit: PROJECT,
    at: "models/loop1.sql",
  },
  {
    name: "a dangling symlink as a model",
    setup: (dir) => symlinkSync("gone.sql", path.join(dir, "models/b.sql")),
    code: "TF103",
    exit: PROJECT,
    at: "models/b.sql",
  },
  {
    name: "a Latin-1 byte in a model",
    files: { "models/b.sql": Buffer.from("select 1 as id,\n'caf\xe9' as name\n", "latin1") },
    code: "TF135",
    exit: PROJECT,
    at: "models/b.sql:2",
  },
  {
    name: "a Latin-1 byte in schema.yml",
    files: {
      "models/schema.yml": Buffer.from("version: 2\nmodels:\n  - name: a\n    description: caf\xe9\n", "latin1"),
    },
    code: "TF135",
    exit: PROJECT,
    at: "models/schema.yml:4",
  },
  {
    name: "a Latin-1 byte in a macro",
    files: { "macros/m.sql": Buffer.from("{% macro m() %}\n'\xe9'\n{% endmacro %}\n", "latin1") },
    code: "TF135",
    exit: PROJECT,
    at: "macros/m.sql:2",
  },
  {
    name: "a Latin-1 byte in a seed",
    files: { "seeds/s.csv": Buffer.from("id,name\n1,caf\xe9\n", "latin1") },
    argv: ["seed", "--branch", "bad-input"],
    code: "TF135",
    exit: PROJECT,
    at: "seeds/s.csv:2",
  },
  {
    name: "a Latin-1 byte in dbt_project.yml",
    files: { "dbt_project.yml": Buffer.from(project("# caf\xe9\n"), "latin1") },
    code: "TF135",
    exit: PROJECT,
    at: "dbt_project.yml:5",
  },
  {
    name: "a seed with a ragged row",
    files: { "seeds/s.csv": "id,name\n1,a\n2\n" },
    argv: ["seed", "--branch", "bad-input"],
    code: "TF419",
    exit: PROJECT,
    at: "seeds/s.csv:3",
  },
  {
    name: "a seed with a duplicate column",
    files: { "seeds/s.csv": "id,id\n1,2\n" },
    argv: ["seed", "--branch", "bad-input"],
    code: "TF419",
    exit: PROJECT,
    at: "seeds/s.csv:1",
  },
  {
    name: "a seed with an unclosed quote",
    files: { "seeds/s.csv": 'id,name\n1,"a\n2,b\n' },
    argv: ["seed", "--branch", "bad-input"],
    code: "TF419",
    exit: PROJECT,
    at: "seeds/s.csv:2",
  },
  {
    name: "column_types of a seed naming a missing column",
    files: {
      "seeds/s.csv": "id\n1\n",
      "dbt_project.yml": project("seeds:\n  shop:\n    s:\n      +column_types: {nope: integer}\n"),
    },
    argv: ["seed", "--branch", "bad-input"],
    code: "TF419",
    exit: PROJECT,
    at: "dbt_project.yml:8",
  },
];

export const PROFILE_CASES: readonly BadInputCase[] = [
  {
    name: "port: 99999",
    files: { "profiles.yml": profileWith("port: 99999") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:10",
  },
  {
    name: "port: 0",
    files: { "profiles.yml": profileWith("port: 0") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:10",
  },
  {
    name: "port is a word",
    files: { "profiles.yml": profileWith("port: http") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:10",
  },
  {
    name: "threads: 0 in the profile",
    files: { "profiles.yml": profileWith("threads: 0") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:10",
  },
  {
    name: "threads is a word in the profile",
    files: { "profiles.yml": profileWith("threads: four") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:10",
  },
  {
    name: "type: postgres",
    files: { "profiles.yml": profileWith("port: 8080").replace("type: trino", "type: postgres") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:5",
  },
  {
    name: "method typo",
    files: { "profiles.yml": profileWith("method: ldpa") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:10",
  },
  {
    name: "http_scheme typo",
    files: { "profiles.yml": profileWith("http_scheme: htps") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:10",
  },
  {
    name: "no schema",
    files: { "profiles.yml": profileWith("port: 8080").replace("      schema: shop\n", "") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:4",
  },
  {
    name: "unknown target",
    files: { "profiles.yml": profileWith("port: 8080").replace("target: dev", "target: prod") },
    code: "TF112",
    exit: PROJECT,
    at: "profiles.yml:2",
  },
  {
    name: "unknown profile",
    files: { "dbt_project.yml": project("").replace("profile: shop", "profile: shopp") },
    code: "TF111",
    exit: PROJECT,
  },
  { name: "no profiles.yml", files: { "profiles.yml": null }, code: "TF110", exit: PROJECT },
  {
    name: "password from an unset env_var",
    files: { "profiles.yml": profileWith("password: \"{{ env_var('TFORM_BAD_INPUT_UNSET') }}\"") },
    code: "TF114",
    exit: PROJECT,
    at: "profiles.yml:10",
  },
  {
    name: "branch_catalog mode typo",
    files: { "profiles.yml": profileWith("branch_catalog:\n        mode: rst") },
    code: "TF113",
    exit: PROJECT,
    at: "profiles.yml:11",
  },
  {
    name: "tab in profiles.yml",
    files: { "profiles.yml": profileWith("port: 8080").replace("      host:", "\thost:") },
    code: "TF101",
    exit: PROJECT,
    at: "profiles.yml:6",
  },
  {
    name: "a secret env_var in branch_catalog properties",
    files: {
      "profiles.yml": profileWith(
        "nessie:\n        uri: http://127.0.0.1:9/api/v2\n      branch_catalog:\n        properties:\n          s3.aws-secret-key: \"{{ env_var('TFORM_BAD_INPUT_S3_KEY') }}\"",
      ),
    },
    env: { TFORM_BAD_INPUT_S3_KEY: "s3-secret-value-1234" },
    argv: ["build", "--branch", "bad-input"],
    code: "TF138",
    exit: PROJECT,
    at: "profiles.yml:14",
  },
];

export const COMMAND_LINE_CASES: readonly BadInputCase[] = [
  { name: "--threads 0", argv: ["build", "--branch", "bad-input", "--threads", "0"], code: "", exit: USAGE },
  { name: "--threads many", argv: ["build", "--branch", "bad-input", "--threads", "many"], code: "", exit: USAGE },
  { name: "--threads -2", argv: ["run", "--branch", "bad-input", "--threads", "-2"], code: "", exit: USAGE },
  { name: "--threads 1.5", argv: ["run", "--branch", "bad-input", "--threads", "1.5"], code: "", exit: USAGE },
  { name: "a branch name Nessie rejects (..)", argv: ["build", "--branch", "dev..x"], code: "", exit: USAGE },
  { name: "a branch name Nessie rejects (space)", argv: ["build", "--branch", "my branch"], code: "", exit: USAGE },
  { name: "a branch name Nessie rejects (trailing slash)", argv: ["build", "--branch", "dev/"], code: "", exit: USAGE },
  { name: "an unknown option", argv: ["compile", "--selekt", "a"], code: "", exit: USAGE },
  { name: "--vars not a mapping", argv: ["compile", "--vars", "[1, 2]"], code: "TF117", exit: PROJECT },
  { name: "--vars unclosed", argv: ["compile", "--vars", "{a: 1"], code: "TF117", exit: PROJECT },
  { name: "--select an unknown method", argv: ["compile", "--select", "colour:red"], code: "TF303", exit: PROJECT },
  { name: "--select with a stray operator", argv: ["compile", "--select", "a++"], code: "TF304", exit: PROJECT },
  {
    name: "--select a graph depth that is not a number",
    argv: ["compile", "--select", "x+a"],
    code: "TF304",
    exit: PROJECT,
  },
  { name: "--exclude an unknown method", argv: ["compile", "--exclude", "colour:red"], code: "TF303", exit: PROJECT },
  { name: "--resource-type typo", argv: ["ls", "--resource-type", "modle"], code: "", exit: USAGE },
  { name: "--target unknown", argv: ["compile", "--target", "nope"], code: "TF112", exit: PROJECT },
  { name: "--output typo", argv: ["ls", "--output", "jsn"], code: "", exit: USAGE },
];

export const ALL_CASES: readonly BadInputCase[] = [
  ...PROJECT_FILE_CASES,
  ...PROPERTIES_CASES,
  ...MODEL_CONFIG_CASES,
  ...TEMPLATE_CASES,
  ...FILE_CASES,
  ...PROFILE_CASES,
  ...COMMAND_LINE_CASES,
];

/** A small project for the docs/freshness/run-operation/deps tests: a seed, a table over tpch, sources with freshness. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { nessieCatalog, sandbox, trinoEngine } from "./sandbox-harness.js";

const FILES: Record<string, string> = {
  "dbt_project.yml": "name: cmds\nprofile: tform_sandbox\nseeds:\n  cmds:\n    +schema: landing\n",
  "seeds/labels.csv": "code,label\n1,one\n2,two\n",
  "models/recent_orders.sql":
    "{{ config(materialized='table') }}\nselect orderkey, orderdate, current_timestamp as loaded_at from {{ source('tpch', 'orders') }} limit 10",
  "models/inlined.sql": "{{ config(materialized='ephemeral') }}\nselect 1 as x",
  "models/schema.yml": `
version: 2
models:
  - name: recent_orders
    description: ten orders
sources:
  - name: tpch
    database: tpch
    schema: tiny
    loaded_at_field: cast(orderdate as timestamp)
    freshness: {warn_after: {count: 1, period: day}}
    tables:
      - name: orders
        freshness: {error_after: {count: 10, period: hour}}
      - name: nation
        freshness: null
  - name: built
    schema: analytics
    tables:
      - name: recent_orders
        loaded_at_field: loaded_at
        freshness: {warn_after: {count: 1, period: hour}, error_after: {count: 1, period: day}}
      - name: not_built
`,
  "macros/ops.sql": `
{% macro count_and_tag(table, tag='ok') %}
  {% set n = run_query("select count(*) from " ~ table) %}
  {% if execute %}{{ log(table ~ " has " ~ n.rows[0][0] ~ " rows") }}{% endif %}
  {% do run_query("create table if not exists op_tags as select '" ~ tag ~ "' as tag") %}
{% endmacro %}
{% macro count_rows(table) %}
  {% set n = run_query("select count(*) from " ~ table) %}
  {% if execute %}{{ log(table ~ " has " ~ n.rows[0][0] ~ " rows") }}{% endif %}
{% endmacro %}
`,
};

/** Writes the project (plus `extra` files) to a fresh folder; its profiles are the sandbox's. */
export function commandsProject(extra: Record<string, string> = {}): { projectDir: string; profilesDir: string } {
  const projectDir = mkdtempSync(join(tmpdir(), "tform-it-cmds-"));
  for (const [path, content] of Object.entries({ ...FILES, ...extra })) {
    mkdirSync(dirname(join(projectDir, path)), { recursive: true });
    writeFileSync(join(projectDir, path), content);
  }
  return { projectDir, profilesDir: dirname(sandbox().profilesFile) };
}

/** Drops the branch catalogs and deletes the branches a test made. */
export async function dropBranches(branches: readonly string[]): Promise<void> {
  const engine = trinoEngine();
  const catalog = nessieCatalog();
  for (const name of branches) {
    await engine.execute(`DROP CATALOG IF EXISTS "iceberg__${name}"`).catch(() => undefined);
    const ref = await catalog.getReference(name);
    if (ref) await catalog.deleteReference(ref).catch(() => undefined);
  }
  await engine.close();
}

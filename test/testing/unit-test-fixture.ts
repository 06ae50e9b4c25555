/** A project with unit tests loaded from in-memory files (at a real temporary root, so compiled SQL can be written). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGraph } from "../../src/graph/project-graph.js";
import { loadProject } from "../../src/project/load-project.js";
import { memoryProjectFs } from "../../src/project/memory-project-fs.js";
import type { Project, Target } from "../../src/project/types.js";
import { parseProject } from "../../src/render/parse-project.js";
import type { PreparedFixture } from "../plan/plan-fixture.js";
import { plainTarget } from "../plan/plan-fixture.js";

export async function loadFiles(files: Record<string, string>): Promise<Project> {
  const root = mkdtempSync(join(tmpdir(), "tform-unit-"));
  return loadProject({
    projectDir: root,
    fs: memoryProjectFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [join(root, k), v]))),
    env: {},
  });
}

export async function prepareFiles(
  files: Record<string, string>,
  target: Target = plainTarget,
): Promise<PreparedFixture> {
  const project = await loadFiles(files);
  const parsed = await parseProject(project, target, { cache: false });
  return { project, target, parsed, graph: buildGraph(parsed) };
}

/** customers ← stg_customers (a var and an env var), orders_inc (incremental over a source), and their unit tests */
export const SHOP: Record<string, string> = {
  "dbt_project.yml": "name: shop\nunit_tests:\n  shop:\n    +tags: [logic]\n",
  "seeds/raw_customers.csv": "id,name\n1,alice\n2,bob\n",
  "models/stg_customers.sql":
    "select id, upper(name) as name, '{{ env_var('REGION', 'eu') }}' as region from {{ ref('raw_customers') }} where id > {{ var('min_id', 0) }}",
  "models/orders_inc.sql":
    "{{ config(materialized='incremental') }}\nselect id, amount from {{ source('app', 'orders') }}\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}",
  "models/mart.sql": "select * from {{ ref('stg_customers') }}",
  "models/schema.yml": `version: 2
sources:
  - name: app
    schema: raw
    tables: [{name: orders}]
unit_tests:
  - name: upper_names
    model: stg_customers
    given:
      - input: ref('raw_customers')
        rows:
          - {id: 1, name: alice}
    expect:
      rows:
        - {id: 1, name: ALICE}
  - name: new_orders_only
    model: orders_inc
    config: {tags: [incremental]}
    overrides:
      macros: {is_incremental: true}
    given:
      - input: source('app', 'orders')
        format: csv
        rows: |
          id,amount
          1,10
          5,
      - input: this
        format: sql
        rows: select 3 as id, 30 as amount
    expect:
      format: csv
      fixture: new_orders
`,
  "tests/fixtures/new_orders.csv": "id,amount\n5,\n",
};

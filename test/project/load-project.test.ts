/** loadProject on the classic fixture and on in-memory projects: nodes, config precedence, vars, Jinja in YAML. */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadProject } from "../../src/project/load-project.js";
import { memoryProjectFs } from "../../src/project/memory-project-fs.js";
import type { ModelNode, Project } from "../../src/project/types.js";

const classicDir = fileURLToPath(new URL("../fixtures/projects/classic", import.meta.url));

/** Loads files given relative to /p. */
function load(
  files: Record<string, string>,
  options: { vars?: Record<string, unknown>; env?: NodeJS.ProcessEnv; target?: Record<string, unknown> } = {},
): Promise<Project> {
  const tree = Object.fromEntries(Object.entries(files).map(([k, v]) => [`/p/${k}`, v]));
  return loadProject({ projectDir: "/p", fs: memoryProjectFs(tree), env: {}, ...options });
}
const model = (p: Project, name: string): ModelNode => {
  const m = p.models.find((x) => x.name === name);
  if (!m) throw new Error(`no model ${name}`);
  return m;
};

describe("loadProject on the classic jaffle_shop project", () => {
  it("finds models with dbt ids, fqns and per-folder materializations from plain keys", async () => {
    const p = await loadProject({ projectDir: classicDir });
    expect(p.config).toMatchObject({
      name: "jaffle_shop",
      profile: "jaffle_shop",
      version: "0.1",
      modelPaths: ["models"],
      seedPaths: ["seeds"],
      targetPath: "target",
    });
    expect(p.models.map((m) => m.name).sort()).toEqual([
      "customers",
      "orders",
      "stg_customers",
      "stg_orders",
      "stg_payments",
    ]);
    const stg = model(p, "stg_orders");
    expect(stg).toMatchObject({
      uniqueId: "model.jaffle_shop.stg_orders",
      fqn: ["jaffle_shop", "staging", "stg_orders"],
      originalFilePath: "models/staging/stg_orders.sql",
    });
    expect(stg.config.materialized).toBe("view");
    expect(model(p, "orders").config.materialized).toBe("table");
    expect(model(p, "orders").rawCode).toContain("{% set payment_methods");
    expect(model(p, "customers").columns.map((c) => c.name)).toContain("first_order");
    expect(model(p, "customers").patchLocation).toMatchObject({ file: "models/schema.yml", line: 4 });
  });

  it("loads seeds, docs blocks, built-in macros first, and tests named as dbt names them", async () => {
    const p = await loadProject({ projectDir: classicDir });
    expect(p.seeds.map((s) => s.uniqueId).sort()).toEqual([
      "seed.jaffle_shop.raw_customers",
      "seed.jaffle_shop.raw_orders",
      "seed.jaffle_shop.raw_payments",
    ]);
    expect(p.seeds[0]!.config.materialized).toBe("seed");
    expect(p.seeds[0]!.csvPath).toBe(`${classicDir}/seeds/raw_customers.csv`);
    expect(p.docs.map((d) => d.name).sort()).toEqual(["__overview__", "orders_status"]);
    expect(p.macros[0]!.packageName).toBe("tform");
    const names = p.tests.map((t) => t.name);
    expect(names).toContain("not_null_orders_order_id");
    expect(names).toContain("relationships_orders_customer_id__customer_id__ref_customers_");
    const av = p.tests.find(
      (t) => t.name === "accepted_values_orders_status__placed__shipped__completed__return_pending__returned",
    )!;
    // dbt's alias for this exact test in jaffle_shop manifests
    expect(av.config.alias).toBe("accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758");
    expect(av.uniqueId).toMatch(
      /^test\.jaffle_shop\.accepted_values_orders_status__placed__shipped__completed__return_pending__returned\.[0-9a-f]{10}$/,
    );
    expect(av).toMatchObject({
      testName: "accepted_values",
      attachedTo: "model.jaffle_shop.orders",
      columnName: "status",
      fqn: ["jaffle_shop", av.name],
    });
    expect(p.tests).toHaveLength(20);
    expect(p.warnings).toEqual([]);
  });
});

const PROJECT = `
name: shop
profile: shop
vars:
  start: "2024-01-01"
  "dbt_date:time_zone": Europe/Paris
  shop:
    region: eu
models:
  +tags: [all]
  shop:
    +materialized: table
    +pre-hook: "select 1"
    staging:
      +materialized: view
      +tags: staging
      +post_hook: ["analyze {{ this }}"]
      +properties:
        format: "'PARQUET'"
        format_version: 2
      +location: "s3://silver/{{ this.name }}"
      legacy:
        +enabled: "{{ var('load_legacy', false) }}"
    gold:
      +schema: "{{ env_var('GOLD_SCHEMA', 'gold') }}"
      +threads_hint: "{{ env_var('N', '4') }}"
`;

describe("config precedence, vars and Jinja in YAML", () => {
  const files = {
    "dbt_project.yml": PROJECT,
    "models/staging/stg_a.sql": "select 1 as id",
    "models/staging/legacy/old.sql": "select 1 as id",
    "models/gold/g.sql": "select * from {{ ref('stg_a') }}",
    "models/schema.yml":
      "version: 2\nmodels:\n  - name: stg_a\n    config:\n      materialized: incremental\n      tags: [yml]\n      pre_hook: select 2\n",
  };

  it("applies tree levels outermost first, then properties YAML; tags and hooks accumulate", async () => {
    const p = await load(files);
    const a = model(p, "stg_a");
    expect(a.config.materialized).toBe("incremental");
    expect(a.config.tags).toEqual(["all", "staging", "yml"]);
    expect(a.config.pre_hook).toEqual(["select 1", "select 2"]);
    expect(a.config.post_hook).toEqual(["analyze {{ this }}"]);
    expect(a.config.properties).toEqual({ format: "'PARQUET'", format_version: "2" });
    // hooks and other run-time Jinja stay raw for render/
    expect(a.config.location).toBe("s3://silver/{{ this.name }}");
    expect(model(p, "g").config).toMatchObject({
      materialized: "table",
      schema: "gold",
      threads_hint: 4,
      tags: ["all"],
    });
  });

  it("renders var() and env_var() in dbt_project.yml to real values, --vars first", async () => {
    let p = await load(files);
    expect(p.models.map((m) => m.name)).not.toContain("old");
    expect(p.disabled?.map((n) => n.uniqueId)).toEqual(["model.shop.old"]);
    p = await load(files, { vars: { load_legacy: true }, env: { GOLD_SCHEMA: "marts" } });
    expect(model(p, "old").config.enabled).toBe(true);
    expect(model(p, "g").config.schema).toBe("marts");
  });

  it("keeps vars as written: global, namespaced keys and per-project scopes", async () => {
    const p = await load(files);
    expect(p.config.vars).toEqual({
      start: "2024-01-01",
      "dbt_date:time_zone": "Europe/Paris",
      shop: { region: "eu" },
    });
  });

  it("renders target.name when the caller knows the target", async () => {
    const p = await load(
      {
        ...files,
        "dbt_project.yml":
          "name: shop\nmodels:\n  shop:\n    +schema: \"{{ 'prod_x' if target.name == 'prod' else 'dev_x' }}\"\n",
      },
      { target: { name: "prod" } },
    );
    expect(model(p, "stg_a").config.schema).toBe("prod_x");
  });

  it("renders a source's schema, database and identifier from the target and vars (dbt's adapter tests do)", async () => {
    const sources =
      'version: 2\nsources:\n  - name: raw\n    schema: "{{ target.schema }}"\n    database: "{{ target.database }}"\n    tables:\n      - name: seed\n        identifier: "{{ var(\'seed_name\', \'base\') }}"\n';
    const p = await load(
      { ...files, "models/sources.yml": sources },
      { target: { name: "dev", schema: "analytics", database: "lake" }, vars: { seed_name: "added" } },
    );
    expect(p.sources[0]).toMatchObject({ schema: "analytics", database: "lake", identifier: "added" });
  });
});

describe("tests declared where dbt's adapter tests declare them", () => {
  it("a test declared under models: for a seed (seeds/schema.yml) tests that seed, as ref() would find it", async () => {
    const yml =
      "version: 2\nmodels:\n  - name: base\n    columns:\n      - name: id\n        data_tests:\n          - not_null\n";
    const p = await load({ "dbt_project.yml": "name: shop\n", "seeds/base.csv": "id\n1\n", "seeds/schema.yml": yml });
    expect(p.tests.map((t) => [t.name, "attachedTo" in t ? t.attachedTo : undefined])).toEqual([
      ["not_null_base_id", "seed.shop.base"],
    ]);
  });
});

describe("YAML as dbt reads it", () => {
  it("keeps the last value of a duplicated key and warns with its line", async () => {
    const p = await load({
      "dbt_project.yml": "name: shop\nmodels:\n  shop:\n    +materialized: view\n    +materialized: table\n",
      "models/a.sql": "select 1",
    });
    expect(model(p, "a").config.materialized).toBe("table");
    expect(p.warnings).toEqual([
      expect.objectContaining({
        code: "TF150",
        location: expect.objectContaining({ file: "dbt_project.yml", line: 5 }),
      }),
    ]);
  });

  it("reads merge keys and leaves dates and yes/no as strings", async () => {
    const p = await load({
      "dbt_project.yml":
        "name: shop\nvars:\n  base: &base {a: 1, when: 2024-01-01, flag: yes}\n  derived:\n    <<: *base\n    b: 2\n",
      "models/a.sql": "select 1",
    });
    expect(p.config.vars.derived).toEqual({ a: 1, when: "2024-01-01", flag: "yes", b: 2 });
  });

  it("ignores newer sections and unknown keys with warnings, never failing", async () => {
    const p = await load({
      "dbt_project.yml": "name: shop\nrequire-dbt-version: '>=2.0.0'\nfancy-key: 1\n",
      "models/a.sql": "select 1",
      "models/semantic.yml":
        "version: 2\nsemantic_models:\n  - name: x\nmetrics: []\nexposures: []\nsaved_queries: []\ngroups: []\nmodels:\n  - name: ghost\n",
    });
    const codes = p.warnings.map((w) => w.code);
    // unit_tests: are read since tform runs unit tests (test/project/unit-test-nodes.test.ts)
    expect(codes.filter((c) => c === "TF152")).toHaveLength(5);
    expect(codes).toContain("TF151");
    expect(codes).toContain("TF156");
    const ghost = p.warnings.find((w) => w.code === "TF153")!;
    expect(ghost.message).toContain("ghost");
    expect(ghost.location).toMatchObject({ file: "models/semantic.yml", line: 9 });
  });

  it("reads only .sql models, skips analyses, warns about Python models and loads snapshot blocks", async () => {
    const p = await load({
      "dbt_project.yml": "name: shop\nsource-paths: [transform]\n",
      "transform/a.sql": "select 1",
      "transform/b.py": "def model(dbt, s): pass",
      "transform/notes.txt": "x",
      "analyses/q.sql": "select 2",
      "snapshots/snap.sql": "{% snapshot s %}{% endsnapshot %}",
    });
    expect(p.models.map((m) => m.originalFilePath)).toEqual(["transform/a.sql"]);
    expect(p.warnings.map((w) => [w.code, w.location?.file])).toEqual([["TF158", "transform/b.py"]]);
    expect(p.snapshots.map((s) => [s.uniqueId, s.originalFilePath])).toEqual([
      ["snapshot.shop.s", "snapshots/snap.sql"],
    ]);
  });
});

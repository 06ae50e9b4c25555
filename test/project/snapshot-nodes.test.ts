/** Snapshots as loadProject reads them: SQL blocks and YAML snapshots, with dbt's config precedence. */
import { describe, expect, it } from "vitest";
import { loadProject } from "../../src/project/load-project.js";
import { memoryProjectFs } from "../../src/project/memory-project-fs.js";
import type { Project } from "../../src/project/types.js";

const load = (files: Record<string, string>): Promise<Project> =>
  loadProject({
    projectDir: "/p",
    fs: memoryProjectFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/p/${k}`, v]))),
    env: {},
  });

describe("snapshot nodes", () => {
  it("reads every {% snapshot %} block of a file, its body as SQL, config from the project tree and properties YAML", async () => {
    const p = await load({
      "dbt_project.yml":
        "name: shop\nsnapshots:\n  shop:\n    +target_schema: history\n    core:\n      strategy: check\n      check_cols: all\n",
      "snapshots/core/orders.sql":
        "{% snapshot orders_snap %}\n{{ config(unique_key='id') }}\nselect * from {{ ref('orders') }}\n{% endsnapshot %}\n{%- snapshot items_snap -%}select 1 as id{%- endsnapshot -%}",
      "snapshots/props.yml":
        "version: 2\nsnapshots:\n  - name: orders_snap\n    description: Order history\n    config:\n      hard_deletes: invalidate\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
      "models/orders.sql": "select 1 as id",
    });
    expect(p.snapshots.map((s) => [s.uniqueId, s.fqn.join("."), s.originalFilePath])).toEqual([
      ["snapshot.shop.orders_snap", "shop.core.orders_snap", "snapshots/core/orders.sql"],
      ["snapshot.shop.items_snap", "shop.core.items_snap", "snapshots/core/orders.sql"],
    ]);
    const orders = p.snapshots[0]!;
    expect(orders.rawCode).toBe("\n{{ config(unique_key='id') }}\nselect * from {{ ref('orders') }}\n");
    expect(orders.description).toBe("Order history");
    expect(orders.config).toMatchObject({
      materialized: "snapshot",
      target_schema: "history",
      strategy: "check",
      check_cols: "all",
      hard_deletes: "invalidate",
    });
    expect(p.tests.map((t) => t.resourceType === "test" && t.testKind === "generic" && t.attachedTo)).toEqual([
      "snapshot.shop.orders_snap",
    ]);
    expect(p.warnings).toEqual([]);
  });

  it("reads dbt 1.9 YAML snapshots, which select everything from their relation", async () => {
    const p = await load({
      "dbt_project.yml": "name: shop\n",
      "snapshots/orders.yml":
        "snapshots:\n  - name: orders_snap\n    relation: source('raw', 'orders')\n    config:\n      schema: history\n      unique_key: [id, region]\n      strategy: timestamp\n      updated_at: updated_at\n",
      "models/sources.yml": "sources:\n  - name: raw\n    tables: [{name: orders}]\n",
    });
    expect(p.snapshots).toHaveLength(1);
    expect(p.snapshots[0]).toMatchObject({
      uniqueId: "snapshot.shop.orders_snap",
      originalFilePath: "snapshots/orders.yml",
      rawCode: "select * from {{ source('raw', 'orders') }}",
      config: { schema: "history", unique_key: ["id", "region"], strategy: "timestamp" },
    });
  });

  it("refuses a model and a snapshot of one name, and a YAML snapshot without a relation to select", async () => {
    await expect(
      load({
        "dbt_project.yml": "name: shop\n",
        "models/a.sql": "select 1",
        "snapshots/a.sql": "{% snapshot a %}select 1{% endsnapshot %}",
      }),
    ).rejects.toMatchObject({ code: "TF105" });
    await expect(
      load({ "dbt_project.yml": "name: shop\n", "snapshots/s.yml": "snapshots:\n  - name: s\n    relation: orders\n" }),
    ).rejects.toMatchObject({ code: "TF108" });
  });
});

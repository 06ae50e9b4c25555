/** `tform docs generate` as a library call: manifest.json via compile, catalog.json from information_schema. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { generateDocs } from "../../src/docs/generate-docs.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import type { QueryResult } from "../../src/engine/engine.js";
import { diskProject, projectAt } from "../operations/disk-project.js";

const FILES = {
  "models/orders.sql": "{{ config(materialized='table') }}\nselect * from {{ source('raw', 'orders') }}",
  "models/inlined.sql": "{{ config(materialized='ephemeral') }}\nselect 1 as x",
  "models/never_built.sql": "select * from {{ ref('inlined') }}",
  "seeds/labels.csv": "code,label\n1,one\n",
  "models/sources.yml":
    "sources:\n  - name: raw\n    schema: landing\n    tables:\n      - name: orders\n      - name: missing\n  - name: ext\n    database: tpch\n    schema: tiny\n    tables:\n      - name: nation\n",
};

const columns = [
  "table_schema",
  "table_name",
  "table_type",
  "comment",
  "column_name",
  "ordinal_position",
  "data_type",
  "comment",
].map((name) => ({ name, type: "varchar" }));
/** what information_schema answers: orders and labels exist in the lakehouse catalog, nation in tpch */
function warehouse(failTpch = false): RecordingEngine {
  return new RecordingEngine({
    answer: (sql): QueryResult | Error | undefined => {
      if (!sql.startsWith("with tables")) return undefined;
      if (sql.includes('"tpch"'))
        return failTpch
          ? new Error("Catalog 'tpch' not found")
          : { columns, rows: [["tiny", "nation", "BASE TABLE", null, "nationkey", 1, "bigint", "the key"]] };
      return {
        columns,
        rows: [
          ["analytics", "orders", "BASE TABLE", "all orders", "id", 1, "bigint", null],
          ["analytics", "orders", "BASE TABLE", "all orders", "amount", 2, "decimal(10,2)", null],
          ["analytics", "labels", "BASE TABLE", null, "code", 1, "integer", null],
          ["landing", "orders", "BASE TABLE", null, "id", 1, "bigint", null],
        ],
      };
    },
  });
}

describe("generateDocs", () => {
  it("writes catalog.json with only the models, seeds and sources that exist, and the manifest compile writes", async () => {
    const root = diskProject(FILES, { branching: false });
    const engine = warehouse();
    const result = await generateDocs({ ...projectAt(root), engine });
    const file = JSON.parse(readFileSync(join(root, "target/catalog.json"), "utf8"));
    expect(file.metadata).toMatchObject({
      dbt_schema_version: "https://schemas.getdbt.com/dbt/catalog/v1.json",
      invocation_id: expect.any(String),
      env: {},
    });
    expect(Object.keys(file.nodes).sort()).toEqual(["model.shop.orders", "seed.shop.labels"]);
    expect(Object.keys(file.sources).sort()).toEqual(["source.shop.ext.nation", "source.shop.raw.orders"]);
    expect(file.nodes["model.shop.orders"]).toEqual({
      metadata: {
        type: "BASE TABLE",
        schema: "analytics",
        name: "orders",
        database: "lake",
        comment: "all orders",
        owner: null,
      },
      columns: {
        id: { type: "bigint", index: 1, name: "id", comment: null },
        amount: { type: "decimal(10,2)", index: 2, name: "amount", comment: null },
      },
      stats: {
        has_stats: {
          id: "has_stats",
          label: "Has Stats?",
          value: false,
          include: false,
          description: "Indicates whether there are statistics for this table",
        },
      },
      unique_id: "model.shop.orders",
    });
    expect(file.sources["source.shop.ext.nation"].columns.nationkey.comment).toBe("the key");
    expect(file.errors).toBeNull();
    // one query per Trino catalog, for the schemas of the relations looked for (the ephemeral model is not one)
    expect(engine.sql.filter((s) => s.startsWith("with tables"))).toHaveLength(2);
    expect(engine.sql.find((s) => s.includes('"lake"'))).toMatch(/table_schema in \('analytics', 'landing'\)/);
    expect(result.wanted).toBe(6);
    expect(JSON.parse(readFileSync(result.manifestPath, "utf8")).nodes["model.shop.orders"].compiled_code).toContain(
      '"lake"."landing"."orders"',
    );
  });

  it("on --branch reads the branch's catalog; a catalog that cannot be read is an error in the file, the rest is kept", async () => {
    const root = diskProject(FILES);
    const catalog = new MemoryCatalog();
    await catalog.createBranch("dev", (await catalog.getReference("main"))!);
    const engine = warehouse(true);
    const result = await generateDocs({ ...projectAt(root), engine, catalog, branch: "dev" });
    expect(engine.sql[0]).toMatch(/^create catalog "lake__dev"/);
    expect(result.catalog.nodes["model.shop.orders"]!.metadata.database).toBe("lake__dev");
    expect(Object.keys(result.catalog.sources)).toEqual(["source.shop.raw.orders"]);
    expect(result.catalog.errors).toEqual(["tpch: Catalog 'tpch' not found"]);
  });

  it("writes an empty catalog for a project with nothing in it, without a query", async () => {
    const root = diskProject({ "models/.keep": "" }, { branching: false });
    const engine = new RecordingEngine();
    const result = await generateDocs({ ...projectAt(root), engine });
    expect(result.catalog).toMatchObject({ nodes: {}, sources: {}, errors: null });
    expect(engine.sql).toEqual([]);
  });
});

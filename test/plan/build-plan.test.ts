import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { PlanError } from "../../src/errors.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { explainPlan } from "../../src/plan/explain-plan.js";
import type { DeferredStep, MaterializeStep, SeedStep } from "../../src/plan/plan.js";
import { branchTarget, model, plainTarget, prepare, seed, selectAll, source } from "./plan-fixture.js";

const sources = [source("raw", "orders", "raw", "lake"), source("tpch", "nation", "tiny", "tpch")];
const spec = {
  sources,
  models: [
    model("stg_orders", "select * from {{ source('raw', 'orders') }} join {{ source('tpch', 'nation') }} using (k)", {
      materialized: "table",
      schema: "bronze",
    }),
    model("orders", "select * from {{ ref('stg_orders') }}", {
      materialized: "table",
      schema: "silver",
      partitioning: ["day(ts)"],
      location: "local:///silver/orders",
      format_version: 2,
      properties: { format: "'PARQUET'" },
    }),
  ],
};

async function makePlan(
  options: { branch?: string; from?: string; catalog?: MemoryCatalog; target?: typeof branchTarget } = {},
) {
  const prepared = await prepare(spec, options.target ?? branchTarget);
  const catalog = options.catalog ?? new MemoryCatalog();
  const engine = new RecordingEngine();
  const p = await buildPlan({
    command: "run",
    parsed: prepared.parsed,
    graph: prepared.graph,
    selected: selectAll(prepared, ["model"]),
    engine,
    catalog,
    branch: options.branch ?? "dev",
    from: options.from,
  });
  return { plan: p, engine, catalog };
}

/** A CTAS on a branch records the node's fingerprint with the table (plan/fingerprint.ts). */
const recordsFingerprint = (head: string): RegExp =>
  new RegExp(
    `^${head.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} WITH \\(extra_properties = MAP\\(ARRAY\\['tform\\.fingerprint'\\], ARRAY\\['fp:[0-9a-f]{32}'\\]\\)\\) AS$`,
  );

describe("buildPlan on a branch", () => {
  it("creates the missing branch from main, binds a catalog to it and creates the schemas before any write", async () => {
    const { plan, engine } = await makePlan();
    expect(plan.setup.map((s) => s.kind)).toEqual([
      "create-branch",
      "create-catalog",
      "create-schema",
      "create-schema",
    ]);
    const [branch, catalog, ...schemas] = plan.setup;
    expect(branch).toMatchObject({ kind: "create-branch", branch: "dev", from: { name: "main" } });
    expect(catalog).toMatchObject({ catalog: "lake__dev" });
    expect(catalog!.kind === "create-catalog" && catalog!.sql).toBe(
      `CREATE CATALOG IF NOT EXISTS "lake__dev" USING iceberg WITH ("iceberg.catalog.type" = 'nessie', "iceberg.nessie-catalog.ref" = 'dev', "iceberg.allowed-extra-properties" = 'tform.fingerprint')`,
    );
    expect(schemas.map((s) => s.kind === "create-schema" && s.sql)).toEqual([
      `CREATE SCHEMA IF NOT EXISTS "lake__dev"."analytics_bronze"`,
      `CREATE SCHEMA IF NOT EXISTS "lake__dev"."analytics_silver"`,
    ]);
    // planning only reads: which connector serves the sources' catalog (a tpch source never changes), no write
    expect(engine.sql).toEqual(["SELECT catalog_name, connector_name FROM system.metadata.catalogs"]);
  });

  it("resolves refs and lakehouse sources to the branch catalog, other catalogs' sources stay", async () => {
    const { plan } = await makePlan();
    const stg = plan.nodes[0] as MaterializeStep;
    expect(stg.compiled.compiledSql).toContain(`"lake__dev"."raw"."orders"`);
    expect(stg.compiled.compiledSql).toContain(`"tpch"."tiny"."nation"`);
    expect((plan.nodes[1] as MaterializeStep).compiled.compiledSql).toContain(
      `"lake__dev"."analytics_bronze"."stg_orders"`,
    );
  });

  it("sends one CREATE OR REPLACE TABLE per table model, with Iceberg properties from config", async () => {
    const { plan } = await makePlan();
    const orders = plan.nodes[1] as MaterializeStep;
    expect(orders.statements).toHaveLength(1);
    expect(orders.statements[0]).toMatchObject({ kind: "sql" });
    const sql = orders.statements[0]!.kind === "sql" ? orders.statements[0]!.sql : "";
    expect(sql.split("\n")[0]).toBe(
      `CREATE OR REPLACE TABLE "lake__dev"."analytics_silver"."orders" WITH (format = 'PARQUET', partitioning = ARRAY['day(ts)'], location = 'local:///silver/orders', format_version = 2) AS`,
    );
  });

  it("reuses an existing branch and skips schemas that already exist on it", async () => {
    const catalog = new MemoryCatalog();
    const main = (await catalog.getReference("main"))!;
    await catalog.createBranch("dev", main);
    catalog.commit("dev", [{ kind: "put", key: ["analytics_bronze"], content: { kind: "NAMESPACE" } }]);
    const { plan } = await makePlan({ catalog });
    expect(plan.branch?.existing?.name).toBe("dev");
    expect(plan.setup.map((s) => (s.kind === "create-schema" ? s.schema : s.kind))).toEqual([
      "create-catalog",
      "analytics_silver",
    ]);
  });

  it("never plans a write to main", async () => {
    await expect(makePlan({ branch: "main" })).rejects.toMatchObject({ code: "TF415" });
  });

  it("refuses an unknown --from reference", async () => {
    await expect(makePlan({ from: "nope" })).rejects.toMatchObject({ code: "TF417" });
  });

  it("asks for --branch on a branching target", async () => {
    const prepared = await prepare(spec);
    const p = buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine: new RecordingEngine(),
      catalog: new MemoryCatalog(),
    });
    await expect(p).rejects.toMatchObject({ code: "TF416" });
  });
});

describe("buildPlan without branches", () => {
  it("builds in place in the target's catalog after one metadata query", async () => {
    const prepared = await prepare(spec, plainTarget);
    const engine = new RecordingEngine();
    const p = await buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine,
    });
    expect(p.branch).toBeUndefined();
    expect(p.runCatalog).toBe("lake");
    expect(engine.sql).toEqual([
      `SELECT table_schema, table_name, table_type FROM "lake".information_schema.tables WHERE table_schema IN ('analytics_bronze', 'analytics_silver')`,
    ]);
    expect(explainPlan(p)).toContain("in place in catalog lake (the catalog has no branches)");
  });

  it("rejects --branch when the catalog has no branches", async () => {
    const prepared = await prepare(spec, plainTarget);
    const p = buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine: new RecordingEngine(),
      branch: "dev",
    });
    await expect(p).rejects.toMatchObject({ code: "TF416" });
  });
});

describe("views", () => {
  it("in native Nessie mode are that model's error, naming the model, its file and the modes that work", async () => {
    const prepared = await prepare({
      models: [
        model("v", "select 1 as x", { materialized: "view" }),
        model("t", "select 1 as x", { materialized: "table" }),
      ],
    });
    const p = await buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine: new RecordingEngine(),
      catalog: new MemoryCatalog(),
      branch: "dev",
    });
    const [t, v] = [...p.nodes].sort((a, b) => a.name.localeCompare(b.name));
    expect(t).toMatchObject({ kind: "materialize" });
    expect(v).toMatchObject({
      kind: "deferred",
      resource: "materialize",
      renderError: { code: "TF410", location: { file: "models/v.sql" }, node: "model.shop.v" },
    });
    const error = (v as DeferredStep).renderError!;
    expect(error).toBeInstanceOf(PlanError);
    expect(error.hint).toMatch(/--catalog rest.*materialized='table'/);
    expect(explainPlan(p)).toMatch(
      /model v \(models\/v.sql\) \[view\] → analytics.v: rendered when it runs, because its render failed while planning: .*native Nessie catalog cannot create views/,
    );
    await expect(p.renderDeferred(v as DeferredStep)).rejects.toMatchObject({ code: "TF410" });
  });

  const rest = { ...branchTarget, branchCatalog: { ...branchTarget.branchCatalog!, mode: "rest" as const } };
  const planViews = async (spec: Parameters<typeof prepare>[0]) => {
    const prepared = await prepare(spec, rest);
    return buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine: new RecordingEngine(),
      catalog: new MemoryCatalog(),
      branch: "dev",
    });
  };

  it("in REST mode are one CREATE OR REPLACE VIEW, run with the view's catalog and schema as session", async () => {
    const p = await planViews({ models: [model("v", "select 1 as x;", { materialized: "view" })] });
    expect((p.nodes[0] as MaterializeStep).statements).toEqual([
      {
        kind: "sql",
        purpose: "create or replace the view",
        sql: `CREATE OR REPLACE VIEW "lake__dev"."analytics"."v" AS\nselect 1 as x`,
        session: { catalog: "lake__dev", schema: "analytics" },
      },
    ]);
    expect(explainPlan(p)).toContain("(session catalog lake__dev, schema analytics)");
  });

  it("name lakehouse refs and sources without the branch catalog, so the view survives publish; other catalogs stay qualified", async () => {
    const p = await planViews({
      sources,
      models: [
        model("t", "select 1 as k", { materialized: "table", schema: "bronze" }),
        model(
          "v",
          "select * from {{ ref('t') }} join {{ source('raw', 'orders') }} using (k) join {{ source('tpch', 'nation') }} using (k)",
          { materialized: "view", schema: "silver" },
        ),
      ],
    });
    const v = p.nodes.find((n) => n.name === "v") as MaterializeStep;
    const sql = v.statements[0]!.kind === "sql" ? v.statements[0]!.sql : "";
    expect(sql).toBe(
      `CREATE OR REPLACE VIEW "lake__dev"."analytics_silver"."v" AS\nselect * from "analytics_bronze"."t" join "raw"."orders" using (k) join "tpch"."tiny"."nation" using (k)`,
    );
    expect(sql).not.toContain('lake__dev"."analytics_bronze');
    // a table model still reads the branch catalog by name
    expect((p.nodes.find((n) => n.name === "t") as MaterializeStep).relation.database).toBe("lake__dev");
  });

  it("inline ephemeral models whose refs also drop the catalog, while hooks keep full names", async () => {
    const p = await planViews({
      models: [
        model("t", "select 1 as k", { materialized: "table" }),
        model("e", "select * from {{ ref('t') }}", { materialized: "ephemeral" }),
        model("v", "select * from {{ ref('e') }}", {
          materialized: "view",
          post_hook: ["select count(*) from {{ ref('t') }}"],
        }),
      ],
    });
    const v = p.nodes.find((n) => n.name === "v") as MaterializeStep;
    expect(v.compiled.compiledSql).toContain(`select * from "analytics"."t"`);
    expect(v.compiled.compiledSql).not.toContain("lake__dev");
    // the hook runs without the view's session: its refs name the branch catalog
    expect(v.statements.map((s) => s.kind === "sql" && s.sql)).toContain(
      `select count(*) from "lake__dev"."analytics"."t"`,
    );
  });
});

describe("hooks and ephemerals", () => {
  it("renders pre and post hooks with `this` around the model's statement", async () => {
    const prepared = await prepare({
      models: [
        model("t", "select 1 as x", {
          materialized: "table",
          pre_hook: ["delete from {{ this }} where false"],
          post_hook: ["ANALYZE {{ this }};"],
        }),
      ],
    });
    const p = await buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine: new RecordingEngine(),
      catalog: new MemoryCatalog(),
      branch: "dev",
    });
    const sqls = (p.nodes[0] as MaterializeStep).statements.map((s) =>
      s.kind === "sql" ? s.sql.split("\n")[0] : s.kind,
    );
    expect(sqls).toEqual([
      `delete from "lake__dev"."analytics"."t" where false`,
      expect.stringMatching(recordsFingerprint(`CREATE OR REPLACE TABLE "lake__dev"."analytics"."t"`)),
      `ANALYZE "lake__dev"."analytics"."t"`,
    ]);
  });

  it("runs a seed's hooks around its load, as dbt does", async () => {
    const prepared = await prepare({
      seeds: [seed("codes", { pre_hook: ["delete from {{ this }} where false"], post_hook: ["ANALYZE {{ this }}"] })],
    });
    const p = await buildPlan({
      command: "seed",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["seed"]),
      engine: new RecordingEngine(),
      catalog: new MemoryCatalog(),
      branch: "dev",
      readCsv: async () => "code\na\n",
    });
    const sqls = (p.nodes[0] as SeedStep).statements.map((s) => (s.kind === "sql" ? s.sql.split("\n")[0] : s.kind));
    expect(sqls).toEqual([
      `delete from "lake__dev"."analytics"."codes" where false`,
      expect.stringMatching(recordsFingerprint(`CREATE OR REPLACE TABLE "lake__dev"."analytics"."codes"`)),
      `ANALYZE "lake__dev"."analytics"."codes"`,
    ]);
  });

  it("plans no step for an ephemeral model (dbt lists no result for it) and inlines it into its child", async () => {
    const prepared = await prepare({
      models: [
        model("e", "select 1 as x", { materialized: "ephemeral" }),
        model("t", "select * from {{ ref('e') }}", { materialized: "table" }),
      ],
    });
    const p = await buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine: new RecordingEngine(),
      catalog: new MemoryCatalog(),
      branch: "dev",
    });
    expect(p.nodes.map((n) => n.name)).toEqual(["t"]);
    expect((p.nodes[0] as MaterializeStep).compiled.compiledSql).toContain("__dbt__cte__e");
  });

  it("defers a model whose template queries the database to run time, and a --dry-run sends none of its queries", async () => {
    const sql = "{% set cols = adapter.get_columns_in_relation(ref('u')) %}select {{ cols | length }} as n";
    const prepared = await prepare({
      models: [model("u", "select 1 as x", { materialized: "table" }), model("q", sql, { materialized: "table" })],
    });
    const engine = new RecordingEngine();
    const p = await buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine,
      catalog: new MemoryCatalog(),
      branch: "dev",
    });
    const q = p.nodes.find((n) => n.name === "q")!;
    expect(q).toMatchObject({ kind: "deferred", reason: "its templates query the database" });
    // on a branch the plan reads the catalog, never the engine: nothing was sent for q's template
    expect(engine.sql).toEqual([]);
    const rendered = await p.renderDeferred(q as DeferredStep);
    expect(rendered.kind).toBe("materialize");
    expect(engine.sql.length).toBeGreaterThan(0);
  });
});

describe("explainPlan (--dry-run)", () => {
  it("prints every setup step and every statement of the plan that would run", async () => {
    const { plan } = await makePlan();
    // statements are shown indented under their node
    const text = explainPlan(plan)
      .split("\n")
      .map((l) => l.replace(/^ {4,5}/, ""))
      .join("\n");
    for (const s of plan.setup) if (s.kind !== "create-branch") expect(text).toContain(s.sql);
    for (const n of plan.nodes)
      for (const s of (n as MaterializeStep).statements) if (s.kind === "sql") expect(text).toContain(s.sql);
    expect(text).toContain("create branch dev from main");
  });
});

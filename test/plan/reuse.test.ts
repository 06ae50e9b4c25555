import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { explainPlan } from "../../src/plan/explain-plan.js";
import type { MaterializeStep, Plan, SeedStep } from "../../src/plan/plan.js";
import { branchTarget, model, prepare, seed, selectAll, source } from "./plan-fixture.js";

const spec = {
  sources: [source("raw", "orders", "raw", "lake"), source("tpch", "nation", "tiny", "tpch")],
  seeds: [seed("codes")],
  models: [
    model("a", "select * from {{ source('raw', 'orders') }} join {{ ref('codes') }} using (code)", {
      materialized: "table",
    }),
    model("b", "select * from {{ ref('a') }}", { materialized: "table" }),
    model("n", "select * from {{ source('tpch', 'nation') }}", { materialized: "table" }),
    model("v", "select * from {{ ref('b') }}", { materialized: "view" }),
  ],
};

type Step = SeedStep | MaterializeStep;

/** REST mode: its catalog holds views */
const restTarget = { ...branchTarget, branchCatalog: { ...branchTarget.branchCatalog!, mode: "rest" as const } };

/** Plans the project on a branch; `stored` answers the fingerprint query (table → fingerprint). */
async function plan(
  catalog: MemoryCatalog,
  stored: Record<string, string> = {},
  options: { fullRefresh?: boolean; noReuse?: boolean; branch?: string } = {},
) {
  const prepared = await prepare(spec, restTarget);
  const engine = new RecordingEngine({
    answer: (sql) => {
      if (sql.startsWith("SELECT catalog_name"))
        return {
          columns: [],
          rows: [
            ["tpch", "tpch"],
            ["lake", "iceberg"],
          ],
        };
      if (!sql.includes("$properties")) return undefined;
      const rows = Object.entries(stored)
        .filter(([t]) => sql.includes(`"${t}$properties"`))
        .map(([t, fp]) => ["analytics", t, fp]);
      return { columns: [], rows };
    },
  });
  const p = await buildPlan({
    command: "build",
    parsed: prepared.parsed,
    graph: prepared.graph,
    selected: selectAll(prepared, ["seed", "model"]),
    engine,
    catalog,
    branch: options.branch ?? "dev",
    readCsv: async () => "code,label\n1,a\n",
    ...options,
  });
  const steps = Object.fromEntries(p.nodes.map((s) => [s.name, s as Step]));
  return { plan: p, steps, engine };
}

const fingerprints = (p: Plan): Record<string, string> =>
  Object.fromEntries(
    p.nodes.flatMap((s) =>
      (s.kind === "seed" || s.kind === "materialize") && s.reuse?.fingerprint ? [[s.name, s.reuse.fingerprint]] : [],
    ),
  );

function lakehouse(): MemoryCatalog {
  const catalog = new MemoryCatalog();
  catalog.putTables("main", "raw.orders", "analytics.codes", "analytics.a", "analytics.b", "analytics.n");
  return catalog;
}

describe("reuse of unchanged tables", () => {
  it("reuses a table whose recorded fingerprint is the node's, and sends nothing for it", async () => {
    const catalog = lakehouse();
    const first = await plan(catalog);
    // no fingerprint recorded yet: everything runs, and every table records its fingerprint
    expect(Object.values(first.steps).map((s) => [s.name, s.reuse?.reused])).toEqual(
      Object.keys(first.steps).map((n) => [n, false]),
    );
    expect(first.steps.a!.reuse!.reason).toMatch(/carries no fingerprint/);
    const fps = fingerprints(first.plan);
    expect(Object.keys(fps).sort()).toEqual(["a", "b", "codes", "n"]);

    const second = await plan(catalog, fps);
    for (const name of ["codes", "a", "b", "n"]) expect(second.steps[name]!.reuse).toMatchObject({ reused: true });
    // a view is re-created (no data), and records nothing
    expect(second.steps.v!.reuse).toEqual({
      reused: false,
      reason: "a view is re-created on every run (no data is written)",
    });
    // a new branch reads main's fingerprints through a catalog on main
    expect(second.engine.sql.some((s) => s.startsWith('CREATE CATALOG IF NOT EXISTS "lake__main"'))).toBe(true);
    const explained = explainPlan(second.plan);
    expect(explained).toContain("reused, nothing is sent: unchanged since its table was built");
    expect(explained).not.toMatch(/CREATE OR REPLACE TABLE "lake__dev"."analytics"."a"/);
  });

  it("rebuilds a node whose input changed, and its descendants, but not its siblings", async () => {
    const catalog = lakehouse();
    const fps = fingerprints((await plan(catalog)).plan);
    // a new version of the lakehouse source: a and b change; the tpch source never does
    catalog.putTables("main", "raw.orders");
    const { steps } = await plan(catalog, fps);
    expect(steps.a!.reuse).toMatchObject({
      reused: false,
      reason: "its SQL, config or inputs changed since its table was built",
    });
    expect(steps.b!.reuse!.reused).toBe(false);
    expect(steps.n!.reuse!.reused).toBe(true);
    expect(steps.codes!.reuse!.reused).toBe(true);
  });

  it("--full-refresh and --no-reuse rebuild everything but still record fingerprints", async () => {
    const catalog = lakehouse();
    const fps = fingerprints((await plan(catalog)).plan);
    for (const [flag, options] of [
      ["--full-refresh", { fullRefresh: true }],
      ["--no-reuse", { noReuse: true }],
    ] as const) {
      const { steps } = await plan(catalog, fps, options);
      expect(steps.a!.reuse).toEqual({ fingerprint: fps.a, reused: false, reason: `rebuilt: ${flag}` });
      const ctas = (steps.a as MaterializeStep).statements.find((s) => s.kind === "sql" && s.sql.includes("CREATE"));
      expect(ctas?.kind === "sql" && ctas.sql).toContain(`ARRAY['tform.fingerprint'], ARRAY['${fps.a}']`);
    }
  });

  it("a source outside the lakehouse in a catalog that may change makes its dependents always run", async () => {
    const catalog = lakehouse();
    const prepared = await prepare({
      sources: [source("pg", "users", "public", "postgres")],
      models: [
        model("u", "select * from {{ source('pg', 'users') }}", { materialized: "table" }),
        model("w", "select * from {{ ref('u') }}", { materialized: "table" }),
      ],
    });
    const p = await buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine: new RecordingEngine({
        answer: (sql) =>
          sql.startsWith("SELECT catalog_name") ? { columns: [], rows: [["postgres", "postgresql"]] } : undefined,
      }),
      catalog,
      branch: "dev",
    });
    const [u, w] = p.nodes as MaterializeStep[];
    expect(u!.reuse).toEqual({
      reused: false,
      reason:
        "always runs: its input source.shop.pg.users always runs (source pg.users is in catalog postgres, whose changes tform cannot see)",
    });
    expect(w!.reuse!.reason).toMatch(/^always runs: its input model\.shop\.u always runs/);
    // nothing volatile is recorded: no fingerprint property in its CTAS
    expect(u!.statements.some((s) => s.kind === "sql" && s.sql.includes("tform.fingerprint"))).toBe(false);
  });

  it("records nothing and reuses nothing outside branches", async () => {
    const { plainTarget } = await import("./plan-fixture.js");
    const prepared = await prepare(spec, plainTarget);
    const p = await buildPlan({
      command: "run",
      parsed: prepared.parsed,
      graph: prepared.graph,
      selected: selectAll(prepared, ["model"]),
      engine: new RecordingEngine(),
    });
    expect(p.nodes.every((s) => s.kind !== "materialize" || s.reuse === undefined)).toBe(true);
  });
});

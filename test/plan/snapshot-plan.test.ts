/** Snapshots in a plan: DAG order, ref() to a snapshot, legacy target_schema, selection, first run vs later runs. */
import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { selectNodes } from "../../src/graph/select.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { explainPlan } from "../../src/plan/explain-plan.js";
import type { MaterializeStep } from "../../src/plan/plan.js";
import type { SnapshotNode } from "../../src/project/types.js";
import { baseConfig } from "../render/project-builder.js";
import { model, prepare, seed } from "./plan-fixture.js";

const snapshot = (name: string, rawCode: string): SnapshotNode => ({
  uniqueId: `snapshot.shop.${name}`,
  name,
  resourceType: "snapshot",
  packageName: "shop",
  originalFilePath: `snapshots/${name}.sql`,
  fqn: ["shop", name],
  description: "",
  config: baseConfig({ materialized: "snapshot" }),
  rawCode,
  columns: [],
});
const spec = {
  seeds: [seed("raw_orders")],
  snapshots: [
    snapshot(
      "orders_snap",
      "{{ config(strategy='timestamp', unique_key='id', updated_at='ts', target_schema='history') }}select * from {{ ref('raw_orders') }}",
    ),
  ],
  models: [
    model("open_orders", "select * from {{ ref('orders_snap') }} where dbt_valid_to is null", {
      materialized: "table",
    }),
  ],
};

async function plan(resourceTypes: ("seed" | "model" | "snapshot" | "test")[], catalog = new MemoryCatalog()) {
  const prepared = await prepare(spec);
  const selected = selectNodes(prepared.graph, { resourceTypes });
  return buildPlan({
    command: "build",
    parsed: prepared.parsed,
    graph: prepared.graph,
    selected,
    engine: new RecordingEngine(),
    catalog,
    branch: "dev",
    readCsv: async () => "id,ts\n1,2024-01-01 00:00:00\n",
  });
}

describe("snapshots in a plan", () => {
  it("runs in DAG order between what it selects and what refs it, placed in its target_schema on the branch", async () => {
    const p = await plan(["seed", "snapshot", "model"]);
    expect(p.nodes.map((s) => s.uniqueId)).toEqual([
      "seed.shop.raw_orders",
      "snapshot.shop.orders_snap",
      "model.shop.open_orders",
    ]);
    const snap = p.nodes[1] as MaterializeStep;
    expect(snap).toMatchObject({
      materialization: "snapshot",
      mode: "create",
      relation: { database: "lake__dev", schema: "history", identifier: "orders_snap" },
    });
    expect((p.nodes[2] as MaterializeStep).compiled.compiledSql).toContain(`"lake__dev"."history"."orders_snap"`);
    expect(
      p.setup.filter((s) => s.kind === "create-schema").map((s) => s.kind === "create-schema" && s.schema),
    ).toEqual(["analytics", "history"]);
    expect(explainPlan(p)).toContain(
      "snapshot orders_snap (snapshots/orders_snap.sql) [snapshot: create] → history.orders_snap",
    );
  });

  it("is selected by resource type, and merges into the table a former run created", async () => {
    const catalog = new MemoryCatalog();
    const main = (await catalog.getReference("main"))!;
    await catalog.createBranch("dev", main);
    catalog.commit("dev", [
      { kind: "put", key: ["history"], content: { kind: "NAMESPACE" } },
      { kind: "put", key: ["history", "orders_snap"], content: { kind: "ICEBERG_TABLE" } },
    ]);
    const p = await plan(["snapshot"], catalog);
    expect(p.nodes.map((s) => s.uniqueId)).toEqual(["snapshot.shop.orders_snap"]);
    expect(p.nodes[0]).toMatchObject({ materialization: "snapshot", mode: "merge" });
    expect(explainPlan(p)).toContain("then ALTER TABLE for new columns, and one MERGE INTO");
  });
});

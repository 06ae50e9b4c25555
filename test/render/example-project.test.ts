import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileNodes } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import type { NodeConfig } from "../../src/project/types.js";
import { baseConfig, genericTest, runContext, singularTest, source, target } from "./project-builder.js";

// The example project's SQL and macros as files, with the folder config its dbt_project.yml gives
// (the loader's job, written out here so the renderer is tested on the real templates alone).
const root = new URL("../../example-project/", import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".sql"))
    .map((f) => join(dir, f));
const layerConfig = (path: string): Partial<NodeConfig> => {
  const layer = path.split("/")[1]!;
  return { schema: layer, materialized: "table", tags: [layer] };
};

function exampleProject() {
  const models = files("models").map((path) => {
    const name = path
      .split("/")
      .pop()!
      .replace(/\.sql$/, "");
    return {
      uniqueId: `model.lakehouse_shop.${name}`,
      name,
      resourceType: "model" as const,
      packageName: "lakehouse_shop",
      originalFilePath: path,
      fqn: ["lakehouse_shop", name],
      description: "",
      config: baseConfig(layerConfig(path)),
      rawCode: readFileSync(join(root, path), "utf8"),
      columns: [],
    };
  });
  const seeds = [
    {
      uniqueId: "seed.lakehouse_shop.order_status_labels",
      name: "order_status_labels",
      resourceType: "seed" as const,
      packageName: "lakehouse_shop",
      originalFilePath: "seeds/order_status_labels.csv",
      fqn: ["lakehouse_shop", "order_status_labels"],
      description: "",
      config: baseConfig({ materialized: "seed", schema: "bronze" }),
      csvPath: join(root, "seeds/order_status_labels.csv"),
      columns: [],
    },
  ];
  const sources = ["orders", "customer", "nation", "region"].map((t) => ({
    ...source("tpch", t, "tiny", "tpch"),
    uniqueId: `source.lakehouse_shop.tpch.${t}`,
  }));
  const rel = genericTest(
    "relationships",
    "model.lakehouse_shop.slv_orders",
    { to: "ref('slv_customers')", field: "customer_id" },
    "customer_id",
  );
  const tests = [
    rel,
    {
      ...singularTest(
        "assert_revenue_matches_orders",
        readFileSync(join(root, "tests/assert_revenue_matches_orders.sql"), "utf8"),
      ),
      packageName: "lakehouse_shop",
      uniqueId: "test.lakehouse_shop.assert_revenue_matches_orders",
    },
  ];
  const macros = files("macros").map((path) => ({
    path: join(root, path),
    relativePath: path,
    source: readFileSync(join(root, path), "utf8"),
    packageName: "lakehouse_shop",
  }));
  return {
    root,
    config: {
      name: "lakehouse_shop",
      profile: "lakehouse_shop",
      modelPaths: ["models"],
      seedPaths: ["seeds"],
      macroPaths: ["macros"],
      testPaths: ["tests"],
      docsPaths: [],
      targetPath: "target",
      vars: { since_month: "1998-06-01" },
      onRunStart: [],
      onRunEnd: [],
    },
    models,
    seeds,
    sources,
    tests,
    snapshots: [],
    macros,
    docs: [],
    warnings: [],
  };
}

describe("the example project renders", () => {
  it("compiles every model and test with per-layer schemas, the money macro, the ephemeral CTE and the incremental filter", async () => {
    const parsed = await parseProject(exampleProject(), target, { cache: false });
    expect(parsed.nodes.get("model.lakehouse_shop.slv_orders")!.relation).toEqual({
      database: "lake",
      schema: "silver",
      identifier: "slv_orders",
    });
    expect(parsed.nodes.get("model.lakehouse_shop.gold_monthly_revenue")!.config.materialized).toBe("incremental");
    const ids = [...parsed.nodes.keys()].filter((id) => !id.startsWith("seed."));
    const compiled = new Map(
      (await compileNodes(parsed, ids, { ...runContext, isIncremental: true })).map((c) => [c.uniqueId, c.compiledSql]),
    );
    const orders = compiled.get("model.lakehouse_shop.slv_orders")!;
    expect(orders).toMatch(/^with __dbt__cte__int_order_status as \(/m);
    expect(orders).toContain('from "lake_dev"."bronze"."order_status_labels"');
    expect(orders).toContain("cast(round(o.totalprice, 2) as decimal(18, 2))");
    expect(orders).toContain("when '5-LOW' then 5");
    expect(compiled.get("model.lakehouse_shop.brz_orders")).toContain('from "tpch"."tiny"."orders"');
    expect(compiled.get("model.lakehouse_shop.gold_monthly_revenue")).toContain(
      "where o.order_date >= date '1998-06-01'",
    );
    expect(compiled.get("model.lakehouse_shop.gold_customer_revenue")).toContain(
      "count_if(o.order_status = 'partially shipped')    as partially_shipped_orders\nfrom",
    );
    for (const [id, sql] of compiled) expect(sql, id).not.toMatch(/\{\{|\{%/);
  });
});

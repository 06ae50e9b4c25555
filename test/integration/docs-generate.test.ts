/** `tform docs generate` on the sandbox: catalog.json from a branch's information_schema, and from main. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";
import { buildProject } from "../../src/execute/run-project.js";
import { commandsProject, dropBranches } from "./commands-project.js";
import { trinoEngine, uniqueName } from "./sandbox-harness.js";

describe("docs generate (sandbox)", () => {
  const branch = uniqueName("it_docs");
  afterAll(() => dropBranches([branch]));

  it("lists the built model and seed with Trino's column types on the branch, and the sources that exist", async () => {
    const { projectDir, profilesDir } = commandsProject();
    const built = await buildProject({ projectDir, profilesDir, branch });
    expect(built.success).toBe(true);
    const run = await tform([
      "docs",
      "generate",
      "--branch",
      branch,
      "--project-dir",
      projectDir,
      "--profiles-dir",
      profilesDir,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Catalog written to target/catalog.json");
    const catalog = JSON.parse(readFileSync(join(projectDir, "target/catalog.json"), "utf8"));
    expect(Object.keys(catalog.nodes).sort()).toEqual(["model.cmds.recent_orders", "seed.cmds.labels"]);
    expect(catalog.nodes["model.cmds.recent_orders"].metadata).toEqual({
      type: "BASE TABLE",
      schema: "analytics",
      name: "recent_orders",
      database: `iceberg__${branch}`,
      comment: null,
      owner: null,
    });
    expect(catalog.nodes["model.cmds.recent_orders"].columns).toEqual({
      orderkey: { type: "bigint", index: 1, name: "orderkey", comment: null },
      orderdate: { type: "date", index: 2, name: "orderdate", comment: null },
      loaded_at: { type: "timestamp(6) with time zone", index: 3, name: "loaded_at", comment: null },
    });
    expect(catalog.nodes["seed.cmds.labels"].metadata).toMatchObject({ schema: "analytics_landing", name: "labels" });
    // built.recent_orders reads the model's table; not_built does not exist and is left out, as dbt does
    expect(Object.keys(catalog.sources).sort()).toEqual([
      "source.cmds.built.recent_orders",
      "source.cmds.tpch.nation",
      "source.cmds.tpch.orders",
    ]);
    expect(catalog.sources["source.cmds.tpch.orders"].columns.orderstatus.type).toBe("varchar(1)");
    expect(catalog.errors).toBeNull();
    // native mode: the Iceberg table's statistics from $files, its snapshot history from $snapshots; tpch has none
    const engine = trinoEngine();
    const counted = await engine
      .execute(`select count(*) from "iceberg__${branch}".analytics.recent_orders`)
      .finally(() => engine.close());
    const rows = Number(counted.rows[0]![0]);
    expect(rows).toBeGreaterThan(0);
    expect(catalog.nodes["model.cmds.recent_orders"].stats.row_count.value).toBe(rows);
    expect(catalog.nodes["model.cmds.recent_orders"].stats.bytes.value).toBeGreaterThan(0);
    expect(catalog.sources["source.cmds.tpch.orders"].stats.has_stats.value).toBe(false);
    expect(run.stdout).toContain("Docs site written to target/docs/index.html");
    expect(
      JSON.parse(readFileSync(join(projectDir, "target/manifest.json"), "utf8")).nodes["model.cmds.recent_orders"]
        .compiled,
    ).toBe(true);

    // without --branch the read is main's catalog, where this branch's tables are not
    const onMain = await tform(["docs", "generate", "--project-dir", projectDir, "--profiles-dir", profilesDir]);
    expect(onMain.code).toBe(0);
    const mainCatalog = JSON.parse(readFileSync(join(projectDir, "target/catalog.json"), "utf8"));
    expect(mainCatalog.nodes["model.cmds.recent_orders"]?.metadata.database ?? "iceberg").toBe("iceberg");
    expect(Object.keys(mainCatalog.sources)).toContain("source.cmds.tpch.orders");
  });
});

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import type { RunEvent } from "../../src/execute/run-event.js";
import { restCatalog, restEngine, restSandbox, uniqueName } from "./rest-harness.js";

/**
 * Issue 7 §4 through tform itself: `+schema_location` per folder puts each layer's tables in its bucket
 * in REST mode, where Nessie ignores a table's own `location` (which tform reports as a warning).
 */
describe("storage per layer from dbt_project.yml in REST mode", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const run = uniqueName("it_lbuild");

  afterAll(async () => {
    const catalogs = (await engine.execute("SHOW CATALOGS")).rows
      .map((r) => String(r[0]))
      .filter((c) => c.includes(run));
    for (const c of catalogs) await engine.execute(`DROP CATALOG IF EXISTS ${c}`).catch(() => undefined);
    const ref = await catalog.getReference(run);
    if (ref) await catalog.deleteReference(ref);
    await engine.close();
  });

  it("creates each layer's schema at its schema_location, so the tables' data files land in the layer's bucket", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-layers-"));
    const layer = (name: string): string =>
      `    ${name}:\n      +schema: ${run}_${name}\n      +schema_location: 's3://${name}/{schema}'\n`;
    writeFileSync(
      join(dir, "dbt_project.yml"),
      `name: layers\nconfig-version: 2\nversion: '1'\nprofile: lakehouse_shop\nmodels:\n  layers:\n    +materialized: table\n${layer("bronze")}${layer("silver")}`,
    );
    mkdirSync(join(dir, "models", "bronze"), { recursive: true });
    mkdirSync(join(dir, "models", "silver"), { recursive: true });
    writeFileSync(
      join(dir, "models", "bronze", "b.sql"),
      "{{ config(location='s3://gold/ignored/b') }}\nselect 1 as x",
    );
    writeFileSync(join(dir, "models", "silver", "s.sql"), "select x + 1 as y from {{ ref('b') }}");
    writeFileSync(join(dir, "profiles.yml"), readFileSync(restSandbox().profilesFile, "utf8"));
    const events: RunEvent[] = [];

    const result = await buildProject({
      projectDir: dir,
      profilesDir: dir,
      target: "sandbox",
      branch: run,
      onEvent: (e) => events.push(e),
    });

    expect(result.applied?.results.map((r) => `${r.name}: ${r.status}`)).toEqual(["b: success", "s: success"]);
    expect(events.filter((e) => e.kind === "warning").map((e) => e.kind === "warning" && e.warning.code)).toEqual([
      "TF422",
    ]);
    for (const r of result.applied!.results) {
      const { database, schema, identifier } = r.relation!;
      const bucket = schema.endsWith("_bronze") ? "bronze" : "silver";
      const paths = (
        await engine.execute(`SELECT file_path FROM "${database}"."${schema}"."${identifier}$files"`)
      ).rows.map((row) => String(row[0]));
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) expect(p.startsWith(`s3://${bucket}/${schema}/`)).toBe(true);
    }
  });
});

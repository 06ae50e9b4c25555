import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import type { Target } from "../../src/project/types.js";
import { publish } from "../../src/publish/publish.js";
import { refCatalogName } from "../../src/publish/ref-catalog.js";
import { REST_MAIN_CATALOG, restTargetIn, restCatalog, restEngine, uniqueName } from "./rest-harness.js";

/**
 * Snapshots on the REST sandbox: three builds on one branch track an update, a delete and an insert of the source
 * (timestamp strategy invalidating deletes, check strategy recording them as new rows), a third build without a
 * change adds nothing, a model reads the snapshot through ref(), and main holds the same history after publish.
 */
describe("snapshots on a branch, in REST mode", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const schema = uniqueName("it_snap");
  const branch = uniqueName("it_snapdev");
  const tag = uniqueName("it_snaprel");
  let dir: string;
  let target: Target;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tform-snapshot-"));
    writeFileSync(
      join(dir, "dbt_project.yml"),
      "name: snaps\nprofile: lakehouse_shop\nsnapshots:\n  snaps:\n    +unique_key: id\n",
    );
    mkdirSync(join(dir, "models"));
    mkdirSync(join(dir, "snapshots"));
    writeFileSync(
      join(dir, "models", "customers.sql"),
      "{{ config(materialized='table') }}\nselect * from (values {{ var('rows') }}) as v(id, name, updated_at)\n",
    );
    writeFileSync(
      join(dir, "models", "open_customers.sql"),
      "{{ config(materialized='table') }}\nselect id, name from {{ ref('customers_ts') }} where dbt_valid_to is null\n",
    );
    writeFileSync(
      join(dir, "models", "schema.yml"),
      "version: 2\nmodels:\n  - name: open_customers\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
    );
    writeFileSync(
      join(dir, "snapshots", "customers.sql"),
      [
        "{% snapshot customers_ts %}{{ config(strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}select * from {{ ref('customers') }}{% endsnapshot %}",
        "{% snapshot customers_check %}{{ config(strategy='check', check_cols='all', hard_deletes='new_record') }}select * from {{ ref('customers') }}{% endsnapshot %}",
      ].join("\n"),
    );
    target = await restTargetIn(dir, schema);
  });

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS "${refCatalogName(target, branch)}"`).catch(() => undefined);
    for (const name of [branch, `tform-tested-${branch}`, tag]) {
      const r = await catalog.getReference(name);
      if (r) await catalog.deleteReference(r).catch(() => undefined);
    }
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ts = (day: number): string => `timestamp '2024-01-0${day} 00:00:00'`;
  const build = async (rows: string): Promise<Record<string, { status: string; statements: string[] }>> => {
    const built = await buildProject({ projectDir: dir, profilesDir: dir, target: "sandbox", branch, vars: { rows } });
    return Object.fromEntries(
      built.applied!.results.map((r) => [
        r.name,
        { status: r.status, statements: r.statements.map((s) => s.sql.split(/\s+/).slice(0, 2).join(" ")) },
      ]),
    );
  };
  const history = async (trinoCatalog: string, name: string, extra = ""): Promise<unknown[][]> =>
    (
      await engine.execute(
        `SELECT id, name, CAST(dbt_valid_from AS varchar) IS NOT NULL, dbt_valid_to IS NULL${extra} FROM "${trinoCatalog}"."${schema}".${name} ORDER BY id, dbt_valid_from`,
      )
    ).rows as unknown[][];

  it("records inserts, updates and deletes in one MERGE per run, adds nothing without a change, and publishes the history", async () => {
    const first = await build(`(1, 'a', ${ts(1)}), (2, 'b', ${ts(1)}), (3, 'c', ${ts(1)})`);
    expect(Object.values(first).map((r) => r.status)).toEqual(["success", "success", "success", "success", "pass"]);
    expect(first.customers_ts!.statements).toEqual(["CREATE TABLE", "SELECT CAST(snapshot_id"]);

    const changed = `(1, 'a2', ${ts(2)}), (3, 'c', ${ts(1)}), (4, 'd', ${ts(2)})`;
    const second = await build(changed);
    // the column query (WHERE false), the MERGE, the fingerprint recorded, and the written snapshot's id
    const merged = ["SELECT t.*,", "MERGE INTO", "ALTER TABLE", "SELECT CAST(snapshot_id"];
    expect(second.customers_ts!.statements).toEqual(merged);
    expect(second.customers_check!.statements).toEqual(merged);
    const branchCatalog = refCatalogName(target, branch);
    const tsHistory = [
      [1, "a", true, false],
      [1, "a2", true, true],
      [2, "b", true, false],
      [3, "c", true, true],
      [4, "d", true, true],
    ];
    expect(await history(branchCatalog, "customers_ts")).toEqual(tsHistory);
    const checkHistory = [
      [1, "a", true, false, "False"],
      [1, "a2", true, true, "False"],
      [2, "b", true, false, "False"],
      [2, "b", true, true, "True"],
      [3, "c", true, true, "False"],
      [4, "d", true, true, "False"],
    ];
    expect(await history(branchCatalog, "customers_check", ", dbt_is_deleted")).toEqual(checkHistory);
    const open = (await engine.execute(`SELECT id FROM "${branchCatalog}"."${schema}".open_customers ORDER BY id`))
      .rows;
    expect(open).toEqual([[1], [3], [4]]);

    const third = await build(changed);
    // nothing changed: the snapshots and what they read are reused, and add no row
    expect(Object.entries(third).map(([n, r]) => `${n}: ${r.status}`)).toEqual([
      "customers: reused",
      "customers_ts: reused",
      "customers_check: reused",
      "open_customers: reused",
      "not_null_open_customers_id: pass",
    ]);
    expect(await history(branchCatalog, "customers_ts")).toEqual(tsHistory);
    expect(await history(branchCatalog, "customers_check", ", dbt_is_deleted")).toEqual(checkHistory);

    await publish({
      catalog,
      projectRoot: dir,
      targetPath: "target",
      branch,
      provenance: { tformVersion: "test", project: "snaps", user: "it" },
      tag,
    });
    expect(await history(REST_MAIN_CATALOG, "customers_ts")).toEqual(tsHistory);
    expect(await history(REST_MAIN_CATALOG, "customers_check", ", dbt_is_deleted")).toEqual(checkHistory);
  });
});

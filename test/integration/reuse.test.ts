import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import type { Target } from "../../src/project/types.js";
import { publish } from "../../src/publish/publish.js";
import { refCatalogName } from "../../src/publish/ref-catalog.js";
import { viewBinderFor } from "../../src/publish/open-lakehouse.js";
import { REST_MAIN_CATALOG, restTargetIn, restCatalog, restEngine, uniqueName } from "./rest-harness.js";

/**
 * Issue 13: build only what changed. A second build of an unchanged project writes no table; an edited model
 * rebuilds exactly itself and its descendants; a changed seed rebuilds its dependents; a new branch from main
 * reuses main's tables (the fingerprint does not hold the branch); after publishing a partial build main holds
 * the rebuilt tables and every other table at its earlier snapshot.
 */
describe("fingerprints and reuse on Nessie branches, in REST mode", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const schema = uniqueName("it_reuse");
  const refs: string[] = [];
  let dir: string;
  let target: Target;

  const write = (file: string, text: string): void => writeFileSync(join(dir, file), text);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tform-reuse-"));
    write("dbt_project.yml", "name: reuse\nprofile: lakehouse_shop\nmodels:\n  reuse:\n    +materialized: table\n");
    mkdirSync(join(dir, "models"));
    mkdirSync(join(dir, "seeds"));
    write("seeds/prices.csv", "id,price\n1,10\n2,20\n");
    write("models/base.sql", "select id, price from {{ ref('prices') }}");
    write("models/doubled.sql", "select id, price * 2 as price from {{ ref('base') }}");
    write("models/top.sql", "select max(price) as top from {{ ref('doubled') }}");
    write("models/nations.sql", "select count(*) as n from {{ source('tpch', 'nation') }}");
    write(
      "models/grown.sql",
      "{{ config(materialized='incremental') }}\nselect id, price from {{ ref('base') }}\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}",
    );
    write("models/priced_view.sql", "{{ config(materialized='view') }}\nselect id from {{ ref('doubled') }}");
    write("models/stamped.sql", "select id, current_date as on_day from {{ ref('base') }}");
    write(
      "models/schema.yml",
      "version: 2\nsources:\n  - name: tpch\n    database: tpch\n    schema: tiny\n    tables: [{name: nation}]\nmodels:\n  - name: base\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
    );
    target = await restTargetIn(dir, schema);
  });

  afterAll(async () => {
    for (const ref of refs) {
      await engine.execute(`DROP CATALOG IF EXISTS "${refCatalogName(target, ref)}"`).catch(() => undefined);
      for (const name of [ref, `tform-tested-${ref}`]) {
        const r = await catalog.getReference(name);
        if (r) await catalog.deleteReference(r).catch(() => undefined);
      }
    }
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newBranch = (): string => {
    const b = uniqueName("it_reusedev");
    refs.push(b);
    return b;
  };
  const build = async (branch: string, extra: { noReuse?: boolean } = {}): Promise<Record<string, string>> => {
    const built = await buildProject({ projectDir: dir, profilesDir: dir, target: "sandbox", branch, ...extra });
    return Object.fromEntries(built.applied!.results.map((r) => [r.name, r.status]));
  };
  const snapshotOf = async (trinoCatalog: string, table: string): Promise<string> =>
    String(
      (
        await engine.execute(
          `SELECT snapshot_id FROM "${trinoCatalog}"."${schema}"."${table}$snapshots" ORDER BY committed_at DESC LIMIT 1`,
        )
      ).rows[0]![0],
    );
  const TABLES = ["prices", "base", "doubled", "top", "nations", "grown", "stamped"];

  it("reuses unchanged tables, rebuilds what an edit or a seed change reaches, and publishes a partial build", async () => {
    const dev = newBranch();
    const first = await build(dev);
    expect(Object.values(first).every((s) => s === "success" || s === "pass")).toBe(true);
    const devCatalog = refCatalogName(target, dev);
    const fingerprint = (
      await engine.execute(
        `SELECT value FROM "${devCatalog}"."${schema}"."base$properties" WHERE key = 'tform.fingerprint'`,
      )
    ).rows[0]?.[0];
    expect(String(fingerprint)).toMatch(/^fp:[0-9a-f]{32}$/);
    const before = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await snapshotOf(devCatalog, t)])));

    // nothing changed: every table is reused (the tpch source never changes); the view is re-created; tests run;
    // a model calling current_date always runs
    const second = await build(dev);
    expect(second).toMatchObject({
      prices: "reused",
      base: "reused",
      doubled: "reused",
      top: "reused",
      nations: "reused",
      grown: "reused",
      priced_view: "success",
      stamped: "success",
      not_null_base_id: "pass",
    });
    for (const t of TABLES.filter((t) => t !== "stamped")) expect(await snapshotOf(devCatalog, t)).toBe(before[t]);

    // --no-reuse rebuilds everything
    const forced = await build(dev, { noReuse: true });
    expect(forced.base).toBe("success");
    expect(forced.prices).toBe("success");

    // editing one model rebuilds it and its descendants only
    write("models/doubled.sql", "select id, price * 3 as price from {{ ref('base') }}");
    const edited = await build(dev);
    expect(edited).toMatchObject({
      prices: "reused",
      base: "reused",
      grown: "reused",
      nations: "reused",
      doubled: "success",
      top: "success",
    });
    expect((await engine.execute(`SELECT top FROM "${devCatalog}"."${schema}".top`)).rows).toEqual([[60]]);

    // a changed seed rebuilds its dependents; the incremental model runs its incremental write
    write("seeds/prices.csv", "id,price\n1,10\n2,20\n3,30\n");
    const seeded = await build(dev);
    expect(seeded).toMatchObject({
      prices: "success",
      base: "success",
      doubled: "success",
      top: "success",
      grown: "success",
      nations: "reused",
    });
    expect((await engine.execute(`SELECT count(*) FROM "${devCatalog}"."${schema}".grown`)).rows).toEqual([[3]]);
    // once more: the incremental model's fingerprint was recorded after its write, so it is reused now
    expect(await build(dev)).toMatchObject({ grown: "reused", base: "reused" });

    await publish({
      catalog,
      projectRoot: dir,
      targetPath: "target",
      branch: dev,
      provenance: { tformVersion: "test", project: "reuse", user: "it" },
      bindViews: viewBinderFor(catalog, target),
    });
    expect((await engine.execute(`SELECT count(*) FROM ${REST_MAIN_CATALOG}."${schema}".grown`)).rows).toEqual([[3]]);

    // a new branch starts as main: nothing changed, so nothing is rebuilt, though the branch (and its Trino
    // catalog) differs from the one the tables were built on
    const ci = newBranch();
    const fresh = await build(ci);
    expect(fresh).toMatchObject({
      prices: "reused",
      base: "reused",
      doubled: "reused",
      top: "reused",
      grown: "reused",
    });

    // a partial build published: main holds the rebuilt table and every other table at its earlier snapshot
    const mainBefore = Object.fromEntries(
      await Promise.all(TABLES.map(async (t) => [t, await snapshotOf(REST_MAIN_CATALOG, t)])),
    );
    write("models/top.sql", "select max(price) + 1 as top from {{ ref('doubled') }}");
    const partial = await build(ci);
    expect(partial.top).toBe("success");
    await publish({
      catalog,
      projectRoot: dir,
      targetPath: "target",
      branch: ci,
      provenance: { tformVersion: "test", project: "reuse", user: "it" },
      bindViews: viewBinderFor(catalog, target),
    });
    expect((await engine.execute(`SELECT top FROM ${REST_MAIN_CATALOG}."${schema}".top`)).rows).toEqual([[91]]);
    for (const t of TABLES.filter((t) => t !== "top" && t !== "stamped"))
      expect(await snapshotOf(REST_MAIN_CATALOG, t)).toBe(mainBefore[t]);
    expect(await snapshotOf(REST_MAIN_CATALOG, "top")).not.toBe(mainBefore.top);
  });
});

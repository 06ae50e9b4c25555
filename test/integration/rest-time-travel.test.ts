import { afterAll, describe, expect, it } from "vitest";
import { REST_MAIN_CATALOG, restCatalog, restEngine, uniqueName } from "./rest-harness.js";

/**
 * Time travel in REST mode. Nessie 0.99's Iceberg REST serves only a table's current snapshot (by
 * design: history lives in Nessie's commits), so `FOR VERSION AS OF <older snapshot>` cannot work;
 * a table name suffixed with `#<commit hash>` reads the table as of that Nessie commit instead.
 */
describe("time travel in REST mode", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const schema = uniqueName("it_rtt");

  afterAll(() => engine.close());

  it("keeps one snapshot in Iceberg metadata, and reads an earlier state through `table#<nessie hash>`", async () => {
    await engine.execute(`CREATE SCHEMA ${REST_MAIN_CATALOG}.${schema}`);
    await engine.execute(`CREATE TABLE ${REST_MAIN_CATALOG}.${schema}.events AS SELECT * FROM (VALUES 1, 2) AS v(id)`);
    const before = await catalog.requireReference("main");
    await engine.execute(`INSERT INTO ${REST_MAIN_CATALOG}.${schema}.events VALUES 3`);

    expect(
      (await engine.execute(`SELECT count(*) FROM ${REST_MAIN_CATALOG}.${schema}."events$snapshots"`)).rows,
    ).toEqual([[1]]);
    expect((await engine.execute(`SELECT count(*) FROM ${REST_MAIN_CATALOG}.${schema}.events`)).rows).toEqual([[3]]);
    const past = await engine.execute(
      `SELECT id FROM ${REST_MAIN_CATALOG}.${schema}."events#${before.hash}" ORDER BY id`,
    );
    expect(past.rows).toEqual([[1], [2]]);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { restEngine, restSandbox, uniqueName } from "./rest-harness.js";

/** Issue 7 §3: a plain Iceberg catalog without branches (JDBC on PostgreSQL): build in place, views, time travel. */
describe("plain JDBC catalog without branches", () => {
  const engine = restEngine();
  const plain = restSandbox().plainCatalog;
  const schema = uniqueName("it_plain");

  afterAll(() => engine.close());

  it("replaces a table in place keeping its snapshots, so FOR VERSION AS OF returns the earlier rows", async () => {
    await engine.execute(`CREATE SCHEMA ${plain}.${schema}`);
    await engine.execute(
      `CREATE OR REPLACE TABLE ${plain}.${schema}.orders AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)`,
    );
    const [[first]] = (await engine.execute(`SELECT snapshot_id FROM ${plain}.${schema}."orders$snapshots"`)).rows as [
      [string],
    ];
    await engine.execute(
      `CREATE OR REPLACE TABLE ${plain}.${schema}.orders AS SELECT * FROM (VALUES (3, 'c')) AS v(id, name)`,
    );

    expect((await engine.execute(`SELECT count(*) FROM ${plain}.${schema}."orders$snapshots"`)).rows).toEqual([[2]]);
    expect((await engine.execute(`SELECT id FROM ${plain}.${schema}.orders`)).rows).toEqual([[3]]);
    expect(
      (await engine.execute(`SELECT id FROM ${plain}.${schema}.orders FOR VERSION AS OF ${first} ORDER BY id`)).rows,
    ).toEqual([[1], [2]]);
  });

  it("holds views, which read the current tables", async () => {
    await engine.execute(`CREATE OR REPLACE VIEW ${plain}.${schema}.orders_v AS SELECT id FROM ${schema}.orders`, {
      catalog: plain,
      schema,
    });
    expect((await engine.execute(`SELECT * FROM ${plain}.${schema}.orders_v`)).rows).toEqual([[3]]);
  });
});

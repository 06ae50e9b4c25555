import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";
import { restCatalog, restEngine, restSandbox, uniqueName } from "./rest-harness.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));

/**
 * Issue "run existing dbt projects unchanged": utils_shop calls the dbt_utils macros real projects use most (a
 * stand-in package with dbt_utils 1.3's names, signatures and dispatch), installed by `tform deps` from a local:
 * path and built on a branch; every node passes and the tables hold the rows worked out here by hand (dbt-trino 1.10
 * built the same columns, types and rows from this project, compared once by hand: the test itself needs no dbt).
 */
describe("a project using dbt_utils builds unchanged on the REST sandbox", () => {
  const root = mkdtempSync(join(tmpdir(), "tform-dbt-utils-"));
  const dir = join(root, "projects", "utils_shop");
  const branch = uniqueName("it_dbt_utils");
  const catalog = `iceberg__${branch.toLowerCase().replace(/[^a-z0-9_]+/g, "_")}`;
  const engine = restEngine();
  let build: Awaited<ReturnType<typeof tform>>;

  const rows = async (sql: string): Promise<unknown[][]> =>
    (await engine.execute(sql.replaceAll("$", `"${catalog}"."analytics"`))).rows as unknown[][];

  const columns = async (table: string): Promise<unknown[]> =>
    (
      await rows(
        `select column_name from "${catalog}".information_schema.columns where table_schema = 'analytics' and table_name = '${table}' order by ordinal_position`,
      )
    ).flat();

  beforeAll(async () => {
    cpSync(join(fixtures, "projects", "utils_shop"), dir, { recursive: true });
    cpSync(join(fixtures, "packages", "dbt_utils"), join(root, "packages", "dbt_utils"), { recursive: true });
    writeFileSync(join(dir, "profiles.yml"), readFileSync(restSandbox().profilesFile, "utf8"));
    const deps = await tform(["deps", "--project-dir", dir]);
    expect(deps.code, deps.stdout + deps.stderr).toBe(0);
    build = await tform(["build", "--project-dir", dir, "--branch", branch]);
  }, 300_000);

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS "${catalog}"`).catch(() => undefined);
    for (const name of [branch, `tform-tested-${branch}`]) {
      const ref = await restCatalog().getReference(name);
      if (ref) await restCatalog().deleteReference(ref);
    }
    await engine.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("passes every seed, model and dbt_utils generic test", () => {
    expect(build.code, build.stdout + build.stderr).toBe(0);
    const results = (
      JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")) as {
        results: { unique_id: string; status: string }[];
      }
    ).results;
    const failed = results.filter((r) => !["success", "pass"].includes(r.status));
    expect(failed, build.stdout).toEqual([]);
    const count = (prefix: string): number => results.filter((r) => r.unique_id.startsWith(prefix)).length;
    expect([count("seed."), count("model."), count("test.")]).toEqual([5, 6, 11]);
  });

  it("deduplicate keeps the latest row of each order, without the row number", async () => {
    expect(
      await rows("select order_id, customer_id, status, cast(amount as integer) from $.stg_orders order by order_id"),
    ).toEqual([
      [1, 10, "shipped", 20],
      [2, 11, "placed", 35],
      [3, 10, "returned", 5],
      [4, 12, "shipped", 50],
      [5, 11, "placed", 15],
    ]);
    expect(await columns("stg_orders")).toEqual(["order_id", "customer_id", "status", "amount", "updated_at"]);
  });

  it("star leaves out the excepted columns (case-insensitively) and renames with prefix and suffix", async () => {
    expect(await columns("customers")).toEqual([
      "customer_id",
      "first_name",
      "contact_last_name_v1",
      "contact_email_v1",
    ]);
    expect(await rows("select * from $.customers order by customer_id")).toEqual([
      [10, "Ada", "Lovelace", "ada@example.com"],
      [11, "Alan", "Turing", null],
      [12, "Grace", "Hopper", "grace@example.com"],
    ]);
  });

  it("generate_surrogate_key is md5 of the '-'-joined text values, a null as dbt_utils' marker", async () => {
    const md5 = (text: string): string => createHash("md5").update(text).digest("hex");
    expect(
      await rows(
        "select order_id, order_key, order_id_key, with_null_key from $.order_keys where order_id in (2, 4) order by 1",
      ),
    ).toEqual([
      [2, md5("2-11"), md5("2"), md5("2-_dbt_utils_surrogate_key_null_")],
      [4, md5("4-12"), md5("4"), md5("4-_dbt_utils_surrogate_key_null_")],
    ]);
  });

  it("union_relations unions the column superset, null where a seed lacks one, tagged with the relation", async () => {
    expect(
      await rows("select _dbt_source_relation, order_id, store, coupon from $.all_orders order by order_id"),
    ).toEqual([
      [`"${catalog}"."analytics"."store_orders"`, 100, "north", null],
      [`"${catalog}"."analytics"."store_orders"`, 101, "south", null],
      [`"${catalog}"."analytics"."web_orders"`, 200, null, "WELCOME"],
    ]);
    expect(await columns("all_orders")).toEqual(["_dbt_source_relation", "order_id", "store", "coupon"]);
  });

  it("date_spine gives every day from the start up to, not including, the end", async () => {
    expect((await rows("select cast(date_day as varchar) from $.calendar order by 1")).flat()).toEqual([
      "2024-01-01",
      "2024-01-02",
      "2024-01-03",
      "2024-01-04",
      "2024-01-05",
      "2024-01-06",
      "2024-01-07",
    ]);
  });

  it("get_column_values feeds pivot: a count per status and the amount per status, slugified names", async () => {
    expect(await columns("status_by_customer")).toEqual([
      "customer_id",
      "n_placed",
      "n_returned",
      "n_shipped",
      "placed_amount",
      "returned_amount",
      "shipped_amount",
    ]);
    expect(
      await rows(
        "select customer_id, n_placed, n_returned, n_shipped, cast(placed_amount as integer), cast(returned_amount as integer), cast(shipped_amount as integer) from $.status_by_customer order by 1",
      ),
    ).toEqual([
      [10, 0, 1, 1, null, 5, 20],
      [11, 2, 0, 0, 35, null, null],
      [12, 0, 0, 1, null, null, 50],
    ]);
  });
});

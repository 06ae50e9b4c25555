import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject } from "../../src/index.js";
import { installPackages } from "../../src/project/install-packages.js";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;
const PROFILE =
  "tform_sandbox:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      method: none\n      host: localhost\n      port: 8080\n      user: tform\n      database: lakehouse\n      schema: analytics\n";

/** utils_shop and its dbt_utils stand-in in a temporary folder (the package's local: path is relative), installed as `tform deps` does. */
async function utilsShop(): Promise<string> {
  const root = mkdtempSync(path.join(os.tmpdir(), "tform-utils-shop-"));
  const dir = path.join(root, "projects", "utils_shop");
  cpSync(path.join(FIXTURES, "projects", "utils_shop"), dir, { recursive: true });
  cpSync(path.join(FIXTURES, "packages", "dbt_utils"), path.join(root, "packages", "dbt_utils"), { recursive: true });
  writeFileSync(path.join(dir, "profiles.yml"), PROFILE);
  await installPackages({ projectDir: dir });
  return dir;
}

const sqlOf = (result: Awaited<ReturnType<typeof compileProject>>, name: string): string =>
  [...result.compiled.values()]
    .find((c) => new RegExp(`\\.${name}(\\.[0-9a-f]+)?$`).test(c.uniqueId))!
    .compiledSql.replace(/\s+/g, " ")
    .trim();

describe("a project calling dbt_utils compiles offline", () => {
  it("renders generate_surrogate_key and the generic tests that need no database", async () => {
    const dir = await utilsShop();
    const keys = await compileProject({ projectDir: dir, select: ["order_keys"], write: false });
    // the tests of stg_orders, not the model (deduplicate reads its columns from the database)
    const result = await compileProject({
      projectDir: dir,
      select: ["stg_orders"],
      resourceTypes: ["test"],
      write: false,
    });
    const key = (fields: string): string => `lower(to_hex(md5(to_utf8(cast(${fields} as varchar)))))`;
    const text = (field: string): string => `coalesce(cast(${field} as varchar), '_dbt_utils_surrogate_key_null_')`;
    expect(sqlOf(keys, "order_keys")).toContain(
      `${key(`${text("order_id")} || '-' || ${text("customer_id")}`)} as order_key, ${key(text("order_id"))} as order_id_key`,
    );
    expect(sqlOf(result, "dbt_utils_accepted_range_stg_orders_amount__50__5")).toBe(
      'select * from "lakehouse"."analytics"."stg_orders" where 1 = 2 or not amount >= 5 or not amount <= 50',
    );
    expect(sqlOf(result, "dbt_utils_accepted_range_stg_orders_amount__False__0")).toContain(
      "where 1 = 2 or not amount > 0",
    );
    expect(sqlOf(result, "dbt_utils_expression_is_true_stg_orders_amount___50")).toBe(
      'select 1 from "lakehouse"."analytics"."stg_orders" where not(amount <= 50)',
    );
    expect(sqlOf(result, "dbt_utils_unique_combination_of_columns_stg_orders_order_id__True")).toContain(
      'select "order_id" from "lakehouse"."analytics"."stg_orders" group by "order_id" having count(*) > 1',
    );
    expect(sqlOf(keys, "dbt_utils_unique_combination_of_columns_order_keys_order_key")).toContain(
      "group by order_key having count(*) > 1",
    );
  });

  it("passes not_null_proportion's arguments through **kwargs to the dispatched macro", async () => {
    const dir = await utilsShop();
    const result = await compileProject({
      projectDir: dir,
      select: ["raw_customers"],
      resourceTypes: ["test"],
      write: false,
    });
    const grouped = sqlOf(result, "dbt_utils_not_null_proportion_raw_customers_0__1__email__customer_id");
    expect(grouped).toContain(
      "select customer_id, sum(case when email is null then 0 else 1 end) / cast(count(*) as decimal(28, 6)) as not_null_proportion",
    );
    expect(grouped).toContain(
      "group by customer_id ) select * from validation where not_null_proportion < 0 or not_null_proportion > 1",
    );
    expect(sqlOf(result, "dbt_utils_not_null_proportion_raw_customers_0_6__email")).toContain(
      "where not_null_proportion < 0.6 or not_null_proportion > 1",
    );
  });

  it("fails a model whose dbt_utils macro reads columns, which needs the database (star at run time only)", async () => {
    const dir = await utilsShop();
    await expect(
      compileProject({ projectDir: dir, select: ["customers"], resourceTypes: ["model"], write: false }),
    ).rejects.toThrow(/needs a database connection, and this compile has none/);
  });

  it("fails surrogate_key with dbt_utils' message naming the model", async () => {
    const dir = await utilsShop();
    writeFileSync(
      path.join(dir, "models", "legacy.sql"),
      "select {{ dbt_utils.surrogate_key(['order_id']) }} as k from {{ ref('stg_orders') }}\n",
    );
    await expect(compileProject({ projectDir: dir, select: ["legacy"], write: false })).rejects.toThrow(
      /`dbt_utils.surrogate_key` has been replaced by `dbt_utils.generate_surrogate_key`.*The utils_shop.legacy model triggered this warning/,
    );
  });
});

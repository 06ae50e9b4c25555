import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject } from "../../src/index.js";

const CLASSIC = new URL("../fixtures/projects/classic/", import.meta.url).pathname;

function copyFixture(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tform-compile-"));
  cpSync(CLASSIC, dir, { recursive: true, filter: (src) => !src.includes("/target") }); // not what earlier runs left
  return dir;
}

describe("compileProject", () => {
  it("compiles the selection without writing when asked", async () => {
    const dir = copyFixture();
    const result = await compileProject({
      projectDir: dir,
      select: ["customers"],
      resourceTypes: ["model"],
      write: false,
    });
    expect([...result.compiled.keys()]).toEqual(["model.jaffle_shop.customers"]);
    expect(result.compiled.get("model.jaffle_shop.customers")!.compiledSql).toContain(
      '"lakehouse"."jaffle_shop"."stg_customers"',
    );
    expect(result.manifest.nodes["model.jaffle_shop.orders"]!.compiled).toBe(false);
    expect(existsSync(path.join(dir, "target/manifest.json"))).toBe(false);
  });

  it("rewrites only the compiled files whose SQL changed on the next run", async () => {
    const dir = copyFixture();
    const first = await compileProject({ projectDir: dir });
    expect(first.files.unchanged).toBe(0);
    expect(first.files.written).toBe(first.compiled.size);
    writeFileSync(path.join(dir, "models/customers.sql"), "select 1 as customer_id from {{ ref('stg_customers') }}\n");
    const second = await compileProject({ projectDir: dir });
    expect(second.files).toEqual({ written: 1, unchanged: first.compiled.size - 1 });
    expect(readFileSync(path.join(dir, "target/compiled/jaffle_shop/models/customers.sql"), "utf8")).toContain(
      "select 1 as customer_id",
    );
  });

  it("refuses a target the profile does not define, as dbt does", async () => {
    const dir = copyFixture();
    await expect(compileProject({ projectDir: dir, targetName: "prod", write: false })).rejects.toMatchObject({
      code: expect.stringMatching(/^TF1/),
    });
  });
});

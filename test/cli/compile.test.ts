import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../../src/artifacts/manifest.js";
import { tform } from "./cli-harness.js";

const CLASSIC = new URL("../fixtures/projects/classic/", import.meta.url).pathname;

function copyFixture(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tform-cli-"));
  cpSync(CLASSIC, dir, { recursive: true, filter: (src) => !src.includes("/target") }); // not what earlier runs left
  return dir;
}

describe("tform compile on the classic project", () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof tform>>;
  beforeAll(async () => {
    dir = copyFixture();
    run = await tform(["compile", "--project-dir", dir]);
  });

  it("exits 0 and reports what it compiled", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Found 5 models, 3 seeds, \d+ tests, 0 sources/);
    expect(run.stdout).toMatch(
      /Compiled \d+ of \d+ selected nodes into .*target\/compiled\/jaffle_shop\/ and wrote .*manifest\.json/,
    );
  });

  it("writes rendered SQL under target/compiled/<project>/<original path>, loops unrolled and refs resolved", () => {
    const sql = readFileSync(path.join(dir, "target/compiled/jaffle_shop/models/orders.sql"), "utf8");
    expect(sql).not.toContain("{{");
    expect(sql).not.toContain("{%");
    expect(sql).toContain("credit_card_amount");
    expect(sql).toContain("gift_card_amount");
    expect(sql).toMatch(/"?lakehouse"?\."?jaffle_shop"?\."?stg_orders"?/);
    expect(existsSync(path.join(dir, "target/compiled/jaffle_shop/models/staging/stg_orders.sql"))).toBe(true);
  });

  it("writes a dbt-shaped manifest with nodes, sources, macros and parent/child maps", () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, "target/manifest.json"), "utf8")) as Manifest;
    expect(manifest.metadata).toMatchObject({ project_name: "jaffle_shop", tform_manifest_version: 1 });
    const orders = manifest.nodes["model.jaffle_shop.orders"]!;
    expect(orders).toMatchObject({
      resource_type: "model",
      original_file_path: "models/orders.sql",
      path: "orders.sql",
      fqn: ["jaffle_shop", "orders"],
      compiled: true,
    });
    expect(orders.depends_on.nodes).toEqual(
      expect.arrayContaining(["model.jaffle_shop.stg_orders", "model.jaffle_shop.stg_payments"]),
    );
    expect(orders.config.materialized).toBe("table");
    expect(manifest.nodes["model.jaffle_shop.stg_orders"]!.config.materialized).toBe("view");
    expect(manifest.parent_map["model.jaffle_shop.orders"]).toEqual(
      expect.arrayContaining(["model.jaffle_shop.stg_orders"]),
    );
    expect(manifest.child_map["seed.jaffle_shop.raw_orders"]).toEqual(["model.jaffle_shop.stg_orders"]);
    expect(
      Object.values(manifest.nodes).some(
        (n) => n.resource_type === "test" && n.attached_node === "model.jaffle_shop.orders",
      ),
    ).toBe(true);
  });

  it("shows the SQL of a single selected model", async () => {
    const one = await tform(["compile", "--project-dir", dir, "--select", "stg_orders"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(
      /Compiled model\.jaffle_shop\.stg_orders:\n[\s\S]*"lakehouse"\."jaffle_shop"\."raw_orders"/,
    );
  });

  it("lists selected nodes with tform ls", async () => {
    const ls = await tform([
      "ls",
      "--project-dir",
      dir,
      "--select",
      "+orders",
      "--resource-type",
      "model",
      "--output",
      "name",
    ]);
    expect(ls.code).toBe(0);
    expect(ls.stdout.trim().split("\n")).toEqual(["stg_orders", "stg_payments", "orders"]);
  });

  it("parses and writes the manifest without SQL with tform parse", async () => {
    const parse = await tform(["parse", "--project-dir", dir]);
    expect(parse.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, "target/manifest.json"), "utf8")) as Manifest;
    expect(manifest.nodes["model.jaffle_shop.orders"]!.compiled).toBe(false);
  });
});

describe("tform global options", () => {
  it("passes --vars (YAML) and --target to the render", async () => {
    const dir = copyFixture();
    writeFileSync(
      path.join(dir, "models/answer.sql"),
      "select {{ var('answer', 1) }} as n, '{{ target.name }}' as t\n",
    );
    const run = await tform([
      "--vars",
      "answer: 42",
      "--target",
      "dev",
      "compile",
      "--project-dir",
      dir,
      "--select",
      "answer",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("select 42 as n, 'dev' as t");
  });

  it("reuses saved results on the next run (shown with --debug) and saves none with --no-partial-parse", async () => {
    const dir = copyFixture();
    expect((await tform(["compile", "--project-dir", dir])).code).toBe(0);
    const again = await tform(["--debug", "compile", "--project-dir", dir]);
    expect(again.stderr).toMatch(
      /Partial parse: project reused; reused (\d+) of \1 parse results and (\d+) of \2 compiled nodes/,
    );

    const fresh = copyFixture();
    expect((await tform(["--no-partial-parse", "compile", "--project-dir", fresh])).code).toBe(0);
    expect(existsSync(path.join(fresh, "target/partial_parse"))).toBe(false);
  });
});

describe("tform errors on bad projects", () => {
  it("reports a ref cycle with its path and files, exit 4, no stack", async () => {
    const dir = copyFixture();
    writeFileSync(path.join(dir, "models/staging/stg_orders.sql"), "select * from {{ ref('orders') }}\n");
    const run = await tform(["compile", "--project-dir", dir]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^GraphError TF301 in model \w+ \(models\/[\w/]+\.sql\): Found a dependency cycle: /);
    expect(run.stderr).toMatch(/orders → stg_orders → orders|stg_orders → orders → stg_orders/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports an unknown ref with file:line, the line and a hint", async () => {
    const dir = copyFixture();
    writeFileSync(path.join(dir, "models/customers.sql"), "select 1 as id\nfrom {{ ref('stg_custmers') }}\n");
    const run = await tform(["compile", "--project-dir", dir]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^RenderError TF\d+ in model customers \(models\/customers\.sql:2(:\d+)?\): /);
    expect(run.stderr).toContain("2 | from {{ ref('stg_custmers') }}");
    expect(run.stderr).toMatch(/Hint: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects an unknown selector method with exit 4", async () => {
    const run = await tform(["ls", "--project-dir", copyFixture(), "--select", "materialized:table"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^GraphError TF303: Unknown selector method "materialized"/);
  });

  it("needs a profile, as dbt does, and says where it looked", async () => {
    const dir = copyFixture();
    const run = await tform(["compile", "--project-dir", dir, "--profiles-dir", path.join(dir, "nowhere")]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^ProjectError TF1\d\d/);
    expect(run.stderr).toMatch(/profile/i);
  });
});

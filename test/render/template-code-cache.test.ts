import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import { compileTemplateCode, createJinjaEnvironment } from "../../src/render/jinja-environment.js";
import { TemplateCodeCache } from "../../src/render/template-code-cache.js";
import { model, project, runContext, target } from "./project-builder.js";

describe("compiled templates cached under target/", () => {
  it("keeps a few new templates in the late script and renders the same SQL from it; a changed model is recompiled", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-render-cache-"));
    const dir = join(root, "target", "render-cache");
    const spec = (sql: string) => ({ ...project({ models: [model("a", "select 1"), model("b", sql)] }), root });
    const compileB = async (sql: string) =>
      compileNode(await parseProject(spec(sql), target), "model.shop.b", runContext);

    expect((await compileB("select * from {{ ref('a') }}")).compiledSql).toBe(
      'select * from "lake_dev"."analytics"."a"',
    );
    expect(await readFile(join(dir, "templates-late.js"), "utf8")).toContain("select * from ");
    expect(existsSync(join(dir, "templates.keys"))).toBe(true);

    const late = join(dir, "templates-late.js");
    const before = await readFile(late, "utf8");
    expect((await compileB("select * from {{ ref('a') }}")).compiledSql).toBe(
      'select * from "lake_dev"."analytics"."a"',
    );
    expect(await readFile(late, "utf8")).toBe(before); // served from the cache: nothing new to save

    expect((await compileB("select 2 from {{ ref('a') }}")).compiledSql).toBe(
      'select 2 from "lake_dev"."analytics"."a"',
    );
    expect(await readFile(late, "utf8")).toContain("select 2 from ");
  });
});

describe("templates loaded before the run's end (large cold runs)", () => {
  it("are written with V8's code cache, templates compiled later beside them, and all are served from the cache next run", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-render-cache-"));
    const dir = join(root, "target", "render-cache");
    const spec = { ...project({ models: [] }), root };
    const env = createJinjaEnvironment();
    const early = [
      { source: "select {{ 1 }}", name: "models/a.sql" },
      { source: "select {{ 2 }}", name: "models/b.sql" },
    ];
    const late = { source: "{% set __value = 3 %}", name: "models/schema.yml" };

    const cold = TemplateCodeCache.open(spec, "templates");
    for (const t of early) cold.add(cold.missing([t])[0]!.key, compileTemplateCode(env, t.source, t.name));
    cold.loadFresh();
    for (const t of early) cold.template(env, t.source, t.name);
    cold.template(env, late.source, late.name);
    await cold.save();
    expect(existsSync(join(dir, "templates.v8"))).toBe(true);
    expect(await readFile(join(dir, "templates-late.js"), "utf8")).toContain("__value");

    const warm = TemplateCodeCache.open(spec, "templates");
    expect(warm.missing([...early, late])).toEqual([]);

    // one more template later: it joins the late script; the main script and its code cache stay as they are
    const main = await readFile(join(dir, "templates.js"), "utf8");
    const v8Cache = await readFile(join(dir, "templates.v8"));
    warm.template(env, "select {{ 4 }}", "models/d.sql");
    await warm.save();
    expect(await readFile(join(dir, "templates.js"), "utf8")).toBe(main);
    expect((await readFile(join(dir, "templates.v8"))).equals(v8Cache)).toBe(true);
    expect(await readFile(join(dir, "templates-late.js"), "utf8")).toContain("__value");
    expect(
      TemplateCodeCache.open(spec, "templates").missing([{ source: "select {{ 4 }}", name: "models/d.sql" }]),
    ).toEqual([]);
  });
});

describe("a cache written by other code", () => {
  it("is not used: templates are compiled again once tform's code, its Jinja compiler among it, changed", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-render-cache-"));
    const spec = { ...project({ models: [] }), root };
    const env = createJinjaEnvironment();
    const t = { source: "select {{ 1 }}", name: "models/a.sql" };
    const written = TemplateCodeCache.open(spec, "templates", "code-1");
    written.add(written.missing([t])[0]!.key, compileTemplateCode(env, t.source, t.name));
    written.loadFresh();
    written.template(env, t.source, t.name);
    await written.save();
    expect(TemplateCodeCache.open(spec, "templates", "code-1").missing([t])).toEqual([]);
    expect(TemplateCodeCache.open(spec, "templates", "code-2").missing([t])).toHaveLength(1);
  });
});

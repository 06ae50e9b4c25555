import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import { model, project, runContext, target } from "./project-builder.js";

describe("compiled templates cached under target/", () => {
  it("writes the cache, then V8's code cache, and renders the same SQL from it; a changed model is recompiled", async () => {
    const root = await mkdtemp(join(tmpdir(), "tform-render-cache-"));
    const dir = join(root, "target", "render-cache");
    const spec = (sql: string) => ({ ...project({ models: [model("a", "select 1"), model("b", sql)] }), root });
    const compileB = async (sql: string) => compileNode(await parseProject(spec(sql), target), "model.shop.b", runContext);

    expect((await compileB("select * from {{ ref('a') }}")).compiledSql).toBe('select * from "lake_dev"."analytics"."a"');
    expect(existsSync(join(dir, "templates.js"))).toBe(true);
    expect(existsSync(join(dir, "templates.v8"))).toBe(false);

    expect((await compileB("select * from {{ ref('a') }}")).compiledSql).toBe('select * from "lake_dev"."analytics"."a"');
    expect(existsSync(join(dir, "templates.v8"))).toBe(true);

    expect((await compileB("select 2 from {{ ref('a') }}")).compiledSql).toBe('select 2 from "lake_dev"."analytics"."a"');
    expect(await readFile(join(dir, "templates.js"), "utf8")).toContain("select 2 from ");
    expect(existsSync(join(dir, "templates.v8"))).toBe(false);
  });
});

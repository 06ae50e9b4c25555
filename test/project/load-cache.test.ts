import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadProjectCached } from "../../src/project/load-cache.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(models: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tform-load-cache-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, "models"), { recursive: true });
  writeFileSync(path.join(dir, "dbt_project.yml"), "name: lc\nprofile: lc\n");
  for (let i = 0; i < models; i++) writeFileSync(path.join(dir, "models", `m${i}.sql`), `select ${i} as id\n`);
  return dir;
}

const editModels = (dir: string, count: number, text: string): void => {
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, "models", `m${i}.sql`), text);
};

describe("loadProjectCached", () => {
  it("reuses the saved project, patches edited models in, and reloads on any other change", async () => {
    const dir = project(3);
    expect((await loadProjectCached({ projectDir: dir })).from).toBe("full");
    expect((await loadProjectCached({ projectDir: dir })).from).toBe("hit");

    editModels(dir, 1, "select 42 as id\n");
    const patched = await loadProjectCached({ projectDir: dir });
    expect(patched.from).toBe("patched");
    expect(patched.project.models.find((m) => m.name === "m0")!.rawCode).toBe("select 42 as id\n");
    const before = (await loadProjectCached({ projectDir: dir, partialParse: false })).project;
    expect(patched.digests.size).toBe(3);
    expect(patched.project.models).toEqual(before.models);

    writeFileSync(path.join(dir, "models", "m9.sql"), "select 9 as id\n");
    const added = await loadProjectCached({ projectDir: dir });
    expect(added.from).toBe("full");
    expect(added.project.models).toHaveLength(4);

    expect((await loadProjectCached({ projectDir: dir, vars: { x: 1 } })).from).toBe("full");
  });

  it("saves the project again once many models were edited, and patches a few on every load until then", async () => {
    const dir = project(120);
    await loadProjectCached({ projectDir: dir });
    editModels(dir, 3, "select 'few' as id\n");
    expect((await loadProjectCached({ projectDir: dir })).from).toBe("patched");
    expect((await loadProjectCached({ projectDir: dir })).from).toBe("patched");
    editModels(dir, 120, "select 'many' as id\n");
    const many = await loadProjectCached({ projectDir: dir });
    expect(many.from).toBe("patched");
    expect(many.project.models.every((m) => m.rawCode === "select 'many' as id\n")).toBe(true);
    const next = await loadProjectCached({ projectDir: dir });
    expect(next.from).toBe("hit");
    expect(next.project.models.every((m) => m.rawCode === "select 'many' as id\n")).toBe(true);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileProject, type CompileOptions } from "../../src/compile/compile-project.js";

const FILES: Record<string, string> = {
  "dbt_project.yml": "name: pp\nprofile: pp\nvars:\n  region: eu\nmodels:\n  pp:\n    +materialized: view\n",
  "profiles.yml":
    "pp:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      host: localhost\n      port: 8080\n      user: u\n      database: lake\n      schema: main\n",
  "macros/cents.sql": "{% macro cents(c) %}({{ c }} / 100){% endmacro %}\n",
  "models/a.sql": "select 1 as id, 250 as amount\n",
  "models/b.sql": "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('a') }}\n",
  "models/c.sql":
    "select a.id, {{ cents('a.amount') }} as usd, '{{ var('region') }}' as region from {{ ref('a') }} a join {{ ref('b') }} b using (id)\n",
  "models/d.sql": "select '{{ env_var('TFORM_PP_COLOR', 'none') }}' as color from {{ ref('a') }}\n",
  "models/e.sql": "select '{{ invocation_id }}' as run from {{ ref('a') }}\n",
  "models/schema.yml":
    "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  delete process.env.TFORM_PP_COLOR;
});

function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tform-pp-"));
  dirs.push(dir);
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const compile = (dir: string, extra: Partial<CompileOptions> = {}) => compileProject({ projectDir: dir, ...extra });
const sqlOf = (r: Awaited<ReturnType<typeof compile>>, name: string): string =>
  r.compiled.get(`model.pp.${name}`)!.compiledSql;
const edit = (dir: string, file: string, text: string): void => writeFileSync(path.join(dir, file), text);
/** manifest.json, whose body may be the previous run's, is exactly this run's manifest */
const manifestIsExact = (r: Awaited<ReturnType<typeof compile>>): void =>
  expect(readFileSync(r.manifestPath, "utf8")).toBe(JSON.stringify(r.manifest));

describe("partial parsing (target/partial_parse/)", () => {
  it("reuses everything on an unchanged rerun and compiles the same SQL", async () => {
    const dir = project();
    const first = await compile(dir);
    expect(first.loadedFrom).toBe("full");
    expect(first.parsed.reused).toBe(0);
    const second = await compile(dir);
    expect(second.loadedFrom).toBe("hit");
    // e reads invocation_id: parsed and compiled again every run, with this run's id
    expect(second.parsed.reused).toBe(second.parsed.nodes.size - 1);
    expect(second.reusedCompiled).toBe(second.compiled.size - 1);
    for (const name of ["a", "c", "d"]) expect(sqlOf(second, name)).toBe(sqlOf(first, name));
    expect(sqlOf(second, "e")).toContain(second.invocationId);
    manifestIsExact(second);
  });

  it("copies unchanged manifest entries from the last manifest.json and serializes the rest", async () => {
    const dir = project();
    rmSync(path.join(dir, "models/e.sql")); // no per-run values: every node has a key
    await compile(dir);
    const again = await compile(dir);
    manifestIsExact(again);
    expect(existsSync(path.join(dir, "target/partial_parse/manifest.bin"))).toBe(true);
    manifestIsExact(await compile(dir, { select: ["c"] })); // fewer compiled nodes: another body
    manifestIsExact(await compile(dir));
    edit(dir, "models/a.sql", "select 3 as id, 1 as amount\n");
    const edited = await compile(dir);
    manifestIsExact(edited);
    expect(edited.manifest.nodes["model.pp.a"]!.raw_code).toContain("select 3");
    edit(dir, "models/b2.sql", "select 1 as id from {{ ref('a') }}\n"); // a new node between others
    manifestIsExact(await compile(dir));
    rmSync(path.join(dir, "models/b.sql"));
    rmSync(path.join(dir, "models/c.sql"));
    manifestIsExact(await compile(dir));
  });

  it("re-renders an edited model only, and its dependents when its relation changes", async () => {
    const dir = project();
    await compile(dir);
    edit(dir, "models/a.sql", "select 2 as id, 300 as amount\n");
    const edited = await compile(dir);
    expect(edited.loadedFrom).toBe("patched");
    expect(sqlOf(edited, "a")).toContain("select 2 as id");
    // the ephemeral b is inlined into c: its text is unchanged, and so is c's SQL
    expect(edited.reusedCompiled).toBe(edited.compiled.size - 2); // a, and e (per run)
    manifestIsExact(edited);

    edit(dir, "models/a.sql", "{{ config(alias='a_v2') }}\nselect 2 as id, 300 as amount\n");
    const renamed = await compile(dir);
    expect(sqlOf(renamed, "c")).toContain('"lake"."main"."a_v2"');
    expect(sqlOf(renamed, "d")).toContain('"lake"."main"."a_v2"');
    expect(
      [...renamed.compiled.values()].find((c) => c.uniqueId.startsWith("test.pp.not_null_a_id"))!.compiledSql,
    ).toContain("a_v2");
  });

  it("parses and compiles a new model alone, and fails a reused model whose ref became disabled", async () => {
    const dir = project();
    await compile(dir);
    edit(dir, "models/f.sql", "select * from {{ ref('c') }}\n");
    const added = await compile(dir);
    expect(added.loadedFrom).toBe("full");
    expect(added.parsed.reused).toBe(added.parsed.nodes.size - 2); // f, and e (per run)
    expect(added.reusedCompiled).toBe(added.compiled.size - 2);
    expect(sqlOf(added, "f")).toContain('"lake"."main"."c"');

    edit(dir, "models/schema.yml", `${FILES["models/schema.yml"]}  - name: c\n    config:\n      enabled: false\n`);
    await expect(compile(dir)).rejects.toMatchObject({
      message: expect.stringContaining("ref('c') points to a disabled model"),
    });
  });

  it("inlines the new SQL of an edited ephemeral model into the models that read it", async () => {
    const dir = project();
    await compile(dir);
    edit(dir, "models/b.sql", "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('a') }} where id > 0\n");
    expect(sqlOf(await compile(dir), "c")).toContain("where id > 0");
  });

  it("picks up edited macros, vars, environment variables, properties YAML and removed models", async () => {
    const dir = project();
    await compile(dir);

    edit(dir, "macros/cents.sql", "{% macro cents(c) %}({{ c }} / 100.0){% endmacro %}\n");
    expect(sqlOf(await compile(dir), "c")).toContain("/ 100.0");

    expect(sqlOf(await compile(dir, { vars: { region: "us" } }), "c")).toContain("'us' as region");
    expect(sqlOf(await compile(dir), "c")).toContain("'eu' as region");

    process.env.TFORM_PP_COLOR = "blue";
    expect(sqlOf(await compile(dir), "d")).toContain("'blue' as color");
    process.env.TFORM_PP_COLOR = "red";
    expect(sqlOf(await compile(dir), "d")).toContain("'red' as color");

    edit(
      dir,
      "models/schema.yml",
      `${FILES["models/schema.yml"]}  - name: c\n    columns:\n      - name: id\n        data_tests: [unique]\n`,
    );
    const withTest = await compile(dir);
    expect(withTest.loadedFrom).toBe("full");
    expect([...withTest.compiled.keys()].some((id) => id.startsWith("test.pp.unique_c_id"))).toBe(true);

    rmSync(path.join(dir, "models/b.sql"));
    await expect(compile(dir)).rejects.toMatchObject({ code: expect.stringMatching(/^TF2/) });
  });

  it("places models again when a generate_schema_name override reads an environment variable that changed", async () => {
    const dir = project();
    edit(
      dir,
      "macros/schema.sql",
      "{% macro generate_schema_name(custom, node) %}{{ env_var('TFORM_PP_COLOR', 'dev') }}_x{% endmacro %}\n",
    );
    expect(sqlOf(await compile(dir), "c")).toContain('"lake"."dev_x"."a"');
    process.env.TFORM_PP_COLOR = "ci";
    const again = await compile(dir);
    expect(again.loadedFrom).toBe("hit");
    expect(sqlOf(again, "c")).toContain('"lake"."ci_x"."a"');
    expect(again.parsed.nodes.get("model.pp.a")!.relation.schema).toBe("ci_x");
  });

  it("reloads when dbt_project.yml reads an environment variable that changed", async () => {
    const dir = project();
    edit(
      dir,
      "dbt_project.yml",
      FILES["dbt_project.yml"]!.replace(
        "+materialized: view",
        "+materialized: \"{{ env_var('TFORM_PP_COLOR', 'view') }}\"",
      ),
    );
    expect((await compile(dir)).parsed.nodes.get("model.pp.a")!.config.materialized).toBe("view");
    process.env.TFORM_PP_COLOR = "table";
    const again = await compile(dir);
    expect(again.loadedFrom).toBe("full");
    expect(again.parsed.nodes.get("model.pp.a")!.config.materialized).toBe("table");
  });

  it("ignores a damaged state file, and --no-partial-parse neither reads nor writes any", async () => {
    const dir = project();
    const stateDir = path.join(dir, "target/partial_parse");
    const off = await compile(dir, { partialParse: false });
    expect(off.loadedFrom).toBe("full");
    expect(existsSync(stateDir)).toBe(false);

    await compile(dir);
    for (const f of ["load.bin", "parse.bin", "compile.bin"]) {
      const file = path.join(stateDir, f);
      writeFileSync(file, readFileSync(file).subarray(0, 200));
    }
    const damaged = await compile(dir);
    expect(damaged.loadedFrom).toBe("full");
    expect(sqlOf(damaged, "a")).toContain("select 1 as id");
  });
});

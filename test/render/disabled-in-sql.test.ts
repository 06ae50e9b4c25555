import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject } from "../../src/compile/compile-project.js";

const PROFILE =
  "sec:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      host: localhost\n      port: 8080\n      user: u\n      database: lake\n      schema: main\n";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tform-disabled-sql-"));
  for (const [file, text] of Object.entries({
    "dbt_project.yml": "name: sec\nprofile: sec\n",
    "profiles.yml": PROFILE,
    ...files,
  })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const D = "{{ config(enabled=false) }}\nselect 1 as id\n";

describe("config(enabled=false) in a model's SQL", () => {
  it("drops the model and its tests, as dbt does, on a full parse and a partial one", async () => {
    const dir = project({
      "models/d.sql": D,
      "models/c.sql": "select 1 as x\n",
      "models/schema.yml":
        "version: 2\nmodels:\n  - name: d\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
    });
    for (const run of [1, 2]) {
      const result = await compileProject({ projectDir: dir, profilesDir: dir });
      expect([...result.compiled.keys()], `run ${run}`).toEqual(["model.sec.c"]);
    }
  });

  it("refuses a model that refs it, at the ref's line", async () => {
    const dir = project({ "models/d.sql": D, "models/b.sql": "select *\nfrom {{ ref('d') }}\n" });
    await expect(compileProject({ projectDir: dir, profilesDir: dir })).rejects.toMatchObject({
      code: "TF202",
      location: { file: "models/b.sql", line: 2 },
      message: expect.stringContaining("disabled by config(enabled=false) in models/d.sql"),
    });
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";

const PASSWORD = "pw-tform-files-8c1e5a";

const FILES: Record<string, string> = {
  "dbt_project.yml": "name: sec\nprofile: sec\n",
  "profiles.yml":
    "sec:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      method: ldap\n      host: localhost\n      port: 8443\n      http_scheme: https\n      user: u\n      password: \"{{ env_var('TFORM_SECRET_FILES_PW') }}\"\n      database: lake\n      schema: main\n",
  // a model that reads the profile's password: it runs with it, but no file keeps it
  "models/uses_pw.sql": "select '{{ env_var('TFORM_SECRET_FILES_PW') }}' as pw\n",
  "models/schema.yml": "version: 2\nmodels:\n  - name: uses_pw\n    description: reads a secret\n",
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe("a profile's secret rendered by a model", () => {
  it("is masked in compiled SQL, manifest.json and the partial-parse state, on the first compile and the next", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tform-secret-files-"));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    // models read process.env (the renderer does not take the command's environment)
    process.env.TFORM_SECRET_FILES_PW = PASSWORD;
    try {
      for (const run of [1, 2]) {
        const out = await tform(["compile", "--project-dir", dir, "--profiles-dir", dir], { cwd: dir });
        expect(out.code, `run ${run}: ${out.stderr}`).toBe(0);
        expect(out.stdout + out.stderr).not.toContain(PASSWORD);
      }
    } finally {
      delete process.env.TFORM_SECRET_FILES_PW;
    }
    const written = filesUnder(path.join(dir, "target"));
    expect(written.some((f) => f.endsWith("manifest.json"))).toBe(true);
    const compiled = written.find((f) => f.endsWith(path.join("models", "uses_pw.sql")));
    expect(readFileSync(compiled!, "utf8").trim()).toBe("select '****' as pw");
    const leaking = written.filter((f) => readFileSync(f).includes(PASSWORD));
    expect(leaking).toEqual([]);
  });
});

/** Each loader error of issue 3 item 6: code, file, line, the offending line and a hint. */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ProjectError, type TformError } from "../../src/errors.js";
import { loadProject } from "../../src/project/load-project.js";

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/projects/${name}`, import.meta.url));

async function loadError(name: string): Promise<TformError> {
  try {
    await loadProject({ projectDir: fixture(name) });
  } catch (e) {
    expect(e).toBeInstanceOf(ProjectError);
    return e as TformError;
  }
  throw new Error(`${name} loaded without an error`);
}

describe("loadProject errors", () => {
  it("reports a YAML syntax error with file, line, column, the line and a hint (TF101)", async () => {
    const e = await loadError("broken-yaml-syntax");
    expect(e.code).toBe("TF101");
    expect(e.location).toMatchObject({ file: "models/schema.yml", line: 9 });
    expect(e.location?.col).toBeGreaterThan(0);
    expect(e.location?.excerpt).toBe("         - not_null");
    expect(e.message).toContain("models/schema.yml:9:");
    expect(e.hint).toMatch(/indent/i);
  });

  it("names both files when two models share a name (TF105)", async () => {
    const e = await loadError("broken-duplicate-model");
    expect(e.code).toBe("TF105");
    expect(e.message).toContain("models/marts/orders.sql");
    expect(e.message).toContain("models/staging/orders.sql");
    expect(e.location).toMatchObject({ file: "models/staging/orders.sql", line: 1 });
    expect(e.hint).toMatch(/Rename/);
  });

  it("rejects an invalid config value at its line in dbt_project.yml (TF106)", async () => {
    const e = await loadError("broken-invalid-config");
    expect(e.code).toBe("TF106");
    expect(e.location).toMatchObject({ file: "dbt_project.yml", line: 8, excerpt: '      +enabled: "maybe"' });
    expect(e.message).toContain("'enabled'");
    expect(e.hint).toMatch(/true or false/);
  });

  it("rejects a path in dbt_project.yml that does not exist, at the line of the key (TF103)", async () => {
    const e = await loadError("broken-missing-path");
    expect(e.code).toBe("TF103");
    expect(e.location).toMatchObject({ file: "dbt_project.yml", line: 5, excerpt: 'seed-paths: ["raw_data"]' });
    expect(e.message).toContain("raw_data");
    expect(e.hint).toMatch(/Create the folder raw_data/);
  });

  it("loads a project without models, seeds or tests with a warning, as dbt runs it (TF157)", async () => {
    const p = await loadProject({ projectDir: fixture("empty") });
    expect(p.models).toEqual([]);
    expect(p.warnings).toContainEqual(
      expect.objectContaining({ code: "TF157", location: expect.objectContaining({ file: "dbt_project.yml" }) }),
    );
  });

  it("says to run in a project folder or pass --project-dir when dbt_project.yml is missing (TF102)", async () => {
    const e = await loadError("broken-no-project");
    expect(e.code).toBe("TF102");
    expect(e.hint).toContain("--project-dir");
  });
});

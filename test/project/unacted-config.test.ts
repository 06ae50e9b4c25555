import { describe, expect, it } from "vitest";
import { loadProject } from "../../src/project/load-project.js";
import { memoryProjectFs } from "../../src/project/memory-project-fs.js";
import { unactedSqlConfig } from "../../src/project/unacted-config.js";

const load = (files: Record<string, string>) =>
  loadProject({
    projectDir: "/p",
    fs: memoryProjectFs(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/p/${k}`, v]))),
    env: {},
  });
const notes = (warnings: readonly { code: string; message: string; location?: { file: string; line?: number } }[]) =>
  warnings
    .filter((w) => w.code === "TF158")
    .map(
      (w) =>
        `${w.location?.file}:${w.location?.line ?? "?"} ${w.message.split(": tform accepts ")[1]?.split("'")[1] ?? w.message}`,
    );

describe("keys tform accepts but does not act on are warned about with their file and line", () => {
  it("in dbt_project.yml: run hooks, query-comment and configs of folder levels", async () => {
    const project = [
      "name: shop",
      "on-run-start:",
      '  - "select 1"',
      "query-comment: tform",
      "models:",
      "  shop:",
      "    +grants:",
      "      select: [analyst]",
      "    marts:",
      "      +contract:",
      "        enforced: true",
      "      +materialized: table",
      "",
    ].join("\n");
    const p = await load({ "dbt_project.yml": project, "models/marts/a.sql": "select 1" });
    expect(notes(p.warnings)).toEqual([
      "dbt_project.yml:2 on-run-start",
      "dbt_project.yml:4 query-comment",
      "dbt_project.yml:7 grants",
      "dbt_project.yml:10 contract",
    ]);
  });

  it("in properties YAML: an entry's config and its versions, once per key and file", async () => {
    const yml = [
      "version: 2",
      "models:",
      "  - name: a",
      "    config:",
      "      contract: {enforced: true}",
      "      persist_docs: {relation: true}",
      "  - name: b",
      "    config:",
      "      contract: {enforced: true}",
      "    versions:",
      "      - v: 2",
      "",
    ].join("\n");
    const p = await load({
      "dbt_project.yml": "name: shop\n",
      "models/a.sql": "select 1",
      "models/b.sql": "select 1",
      "models/schema.yml": yml,
    });
    expect(notes(p.warnings)).toEqual([
      "models/schema.yml:5 contract",
      "models/schema.yml:6 persist_docs",
      "models/schema.yml:10 versions",
    ]);
  });

  it("Python models and selectors.yml", async () => {
    const p = await load({
      "dbt_project.yml": "name: shop\n",
      "models/a.sql": "select 1",
      "models/py_model.py": "def model(dbt, session): ...",
      "selectors.yml": "selectors: []\n",
    });
    expect(p.warnings.filter((w) => w.code === "TF158").map((w) => w.location?.file)).toEqual([
      "models/py_model.py",
      "selectors.yml",
    ]);
  });

  it("in config() calls in SQL, located on the line that sets the key", () => {
    const sql = "{{ config(\n  materialized='table',\n  grants={'select': ['bi']}\n) }}\nselect 1";
    expect(
      unactedSqlConfig(
        "models/a.sql",
        sql,
        { materialized: "view" },
        { materialized: "table", grants: { select: ["bi"] } },
      ),
    ).toEqual([
      {
        code: "TF158",
        message: "models/a.sql:3: tform accepts 'grants' but does not act on it yet: no GRANT or REVOKE is sent.",
        location: { file: "models/a.sql", line: 3 },
      },
    ]);
  });
});

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProject } from "../../src/execute/run-project.js";
import { nessieCatalog, sandbox, trinoEngine, uniqueName } from "./sandbox-harness.js";

/** Issue 5: incremental strategies and on_schema_change against the real Trino 476 + Iceberg. */
describe("incremental models on a branch (sandbox)", () => {
  const catalog = nessieCatalog();
  const engine = trinoEngine();
  const branch = uniqueName("it_incr");
  let projectDir: string;

  // round 1 writes ids 1, 2; round 2 brings id 2 again (changed) and id 3, plus a new column
  const rows =
    "{% if var('round') == 1 %}select 1 as id, 'a' as v union all select 2, 'b'{% else %}select 2 as id, 'B' as v, 20 as extra union all select 3, 'c', 30{% endif %}";
  const model = (strategy: string, extra = ""): string =>
    `{{ config(materialized='incremental', incremental_strategy='${strategy}', on_schema_change='append_new_columns'${extra}) }}\n${rows}\n`;

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), "tform-it-incr-"));
    await mkdir(join(projectDir, "models"), { recursive: true });
    await writeFile(
      join(projectDir, "dbt_project.yml"),
      "name: it_incr\nprofile: lakehouse_shop\nmodels:\n  it_incr:\n    +schema: incr\n",
    );
    await writeFile(join(projectDir, "models/merged.sql"), model("merge", ", unique_key='id'"));
    await writeFile(join(projectDir, "models/replaced.sql"), model("delete+insert", ", unique_key=['id']"));
    await writeFile(join(projectDir, "models/appended.sql"), model("append"));
    await writeFile(join(projectDir, "models/by_part.sql"), model("insert_overwrite", ", partitioning=['id']"));
  });

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS "iceberg__${branch}"`).catch(() => undefined);
    const ref = await catalog.getReference(branch);
    if (ref) await catalog.deleteReference(ref).catch(() => undefined);
    await engine.close();
  });

  it("merge, delete+insert, append and insert_overwrite write what dbt would, adding the new column", async () => {
    const profilesDir = dirname(sandbox().profilesFile);
    const first = await runProject({ projectDir, profilesDir, branch, vars: { round: 1 } });
    expect(first.applied!.results.map((r) => r.message ?? r.status)).toEqual([
      "success",
      "success",
      "success",
      "success",
    ]);
    const second = await runProject({ projectDir, profilesDir, branch, vars: { round: 2 } });
    expect(second.applied!.results.map((r) => r.message ?? r.status)).toEqual([
      "success",
      "success",
      "success",
      "success",
    ]);
    const relation = (name: string): string => {
      const r = second.applied!.results.find((x) => x.name === name)!.relation!;
      return `"${r.database}"."${r.schema}"."${r.identifier}"`;
    };
    const table = async (name: string): Promise<(readonly unknown[])[]> => [
      ...(await engine.execute(`SELECT id, v, extra FROM ${relation(name)} ORDER BY id, v`)).rows,
    ];
    const upserted = [
      [1, "a", null],
      [2, "B", 20],
      [3, "c", 30],
    ];
    expect(await table("merged")).toEqual(upserted);
    expect(await table("replaced")).toEqual(upserted);
    expect(await table("by_part")).toEqual(upserted);
    expect(await table("appended")).toEqual([
      [1, "a", null],
      [2, "B", 20],
      [2, "b", null],
      [3, "c", 30],
    ]);
  });
});

import { cp, mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reference } from "../../src/catalog/catalog.js";
import { runCli } from "../../src/cli/main.js";
import { ExecutionError } from "../../src/errors.js";
import { buildProject, runProject } from "../../src/execute/run-project.js";
import { nessieCatalog, sandbox, trinoEngine, uniqueName } from "./sandbox-harness.js";

/** Issue 5: `tform build --branch` on the real Trino + Nessie, through the library and the CLI. */
/** the example project's view */
const NATIVE_CANNOT_BUILD = "gold_region_revenue";

describe("build on a branch (sandbox)", () => {
  const catalog = nessieCatalog();
  const engine = trinoEngine();
  const branches: string[] = [];
  let projectDir: string;
  let profilesDir: string;
  let mainBefore: Reference;
  let mainTables: string[];

  const newBranch = (): string => {
    const b = uniqueName("it_build");
    branches.push(b);
    return b;
  };
  const tablesAt = async (ref: Reference): Promise<string[]> =>
    (await catalog.listContents(ref)).filter((c) => c.kind === "ICEBERG_TABLE").map((c) => c.key.join("."));
  const count = async (sql: string): Promise<number> => Number((await engine.execute(sql)).rows[0]![0]);

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), "tform-it-build-"));
    await cp(join(import.meta.dirname, "../../example-project"), projectDir, {
      recursive: true,
      filter: (src) => !src.includes("/target"),
    });
    profilesDir = dirname(sandbox().profilesFile);
    mainBefore = (await catalog.getReference("main"))!;
    mainTables = await tablesAt(mainBefore);
  });

  afterAll(async () => {
    for (const name of branches) {
      await engine.execute(`DROP CATALOG IF EXISTS "iceberg__${name}"`).catch(() => undefined);
      for (const n of [name, `tform-tested-${name}`]) {
        const ref = await catalog.getReference(n);
        if (ref) await catalog.deleteReference(ref).catch(() => undefined);
      }
    }
    await engine.close();
  });

  it("builds the example project on a new branch: every table on the branch, none on main; a rerun is idempotent and an incremental rerun does not duplicate", async () => {
    const branch = newBranch();
    // the native Nessie catalog cannot hold the project's view (the REST tests build it)
    const first = await buildProject({ projectDir, profilesDir, branch, threads: 2, exclude: [NATIVE_CANNOT_BUILD] });
    const failed = first.applied!.results.filter((r) => r.status !== "success" && r.status !== "pass");
    expect(failed.map((r) => `${r.uniqueId}: ${r.message}`)).toEqual([]);
    expect(first.success).toBe(true);
    expect(first.applied!.branch).toMatchObject({ name: branch, created: true, hashBefore: mainBefore.hash });

    const onBranch = await tablesAt((await catalog.getReference(branch))!);
    const built = first
      .applied!.results.filter((r) => r.kind !== "test" && r.relation && r.statements.length > 0)
      .map((r) => `${r.relation!.schema}.${r.relation!.identifier}`);
    expect(built.length).toBeGreaterThanOrEqual(8);
    for (const t of built) expect(onBranch).toContain(t);
    // nothing reached main (main may hold an earlier release of these tables: its hash and contents stay)
    const mainNow = (await catalog.getReference("main"))!;
    expect(mainNow.hash).toBe(mainBefore.hash);
    expect(await tablesAt(mainNow)).toEqual(mainTables);
    expect(first.applied!.branch!.hashAfter).not.toBe(mainBefore.hash);

    const cat = first.plan.runCatalog;
    const counts = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        await Promise.all(built.map(async (t) => [t, await count(`SELECT count(*) FROM "${cat}".${t}`)] as const)),
      );
    const before = await counts();
    // second run: tables are replaced, the incremental model overwrites the months it touches
    const second = await runProject({ projectDir, profilesDir, branch, threads: 2, exclude: [NATIVE_CANNOT_BUILD] });
    expect(
      second
        .applied!.results.filter((r) => !["success", "pass", "reused", "warn"].includes(r.status))
        .map((r) => `${r.uniqueId}: ${r.message}`),
    ).toEqual([]);
    expect(second.success).toBe(true);
    const gold = second.applied!.results.find((r) => r.name === "gold_monthly_revenue")!;
    expect(gold.statements.map((s) => s.sql.split(" ")[0])).toEqual([
      "CREATE",
      "SELECT",
      "DELETE",
      "INSERT",
      "DROP",
      "SELECT",
    ]);
    expect(await counts()).toEqual(before);
    expect(
      await count(
        `SELECT count(*) - count(DISTINCT (order_month, region_name)) FROM "${cat}".gold.gold_monthly_revenue`,
      ),
    ).toBe(0);
    expect((await catalog.getReference("main"))!.hash).toBe(mainBefore.hash);
  });

  it("a failing model skips its descendants, leaves main untouched and exits non-zero with a located error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tform-it-fail-"));
    await mkdir(join(dir, "models"), { recursive: true });
    await writeFile(
      join(dir, "dbt_project.yml"),
      "name: it_fail\nprofile: lakehouse_shop\nmodels:\n  it_fail:\n    +materialized: table\n",
    );
    await writeFile(join(dir, "models/ok.sql"), "select 1 as id\n");
    await writeFile(join(dir, "models/broken.sql"), "select 1::numeric(16,2) as id\n");
    await writeFile(join(dir, "models/child.sql"), "select * from {{ ref('broken') }}\n");
    const branch = newBranch();
    const result = await runProject({ projectDir: dir, profilesDir, branch });
    expect(result.success).toBe(false);
    const by = Object.fromEntries(result.applied!.results.map((r) => [r.name, r]));
    expect(by.ok!.status).toBe("success");
    expect(by.child).toMatchObject({ status: "skipped", skippedBecause: "model.it_fail.broken" });
    const error = by.broken!.error as ExecutionError;
    expect(error).toBeInstanceOf(ExecutionError);
    expect(error).toMatchObject({
      node: "model.it_fail.broken",
      location: { file: "models/broken.sql" },
      compiledPath: "target/compiled/it_fail/models/broken.sql",
    });
    expect(error.queryId).toMatch(/^\d{8}_/);
    expect((await catalog.getReference("main"))!.hash).toBe(mainBefore.hash);

    const out: string[] = [];
    const io = {
      cwd: dir,
      env: { ...process.env },
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => out.push(s) },
    };
    const code = await runCli(["--profiles-dir", profilesDir, "run", "--branch", branch, "--threads", "1"], io);
    expect(code).toBe(1);
    expect(out.join("")).toMatch(/TF5\d\d.*broken.*models\/broken\.sql/s);
  });
});

/**
 * The fixture of dbt-tests-adapter's functional tests, for tform: a dbt project written to a temporary folder with
 * the REST sandbox's profile, commands run in-process (`runTform(["seed"])` as dbt's `run_dbt(["seed"])`), and the
 * checks dbt's tests use (relation types, row equality, result nodes) read from the branch the commands built on.
 * tform builds on a Nessie branch where dbt-trino writes to the target catalog: every command gets `--branch`.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { restCatalog, restEngine, restSandbox, uniqueName } from "../integration/rest-harness.js";

export interface ProjectFiles {
  readonly name: string;
  /** path below the project → content, e.g. { "models/a.sql": "select 1" } */
  readonly files: Readonly<Record<string, string>>;
  /** extra dbt_project.yml lines */
  readonly projectYml?: string;
}

export interface RunResultsEntry {
  readonly unique_id: string;
  readonly status: string;
  readonly message: string | null;
}

export interface CommandRun {
  readonly code: number;
  readonly output: string;
  /** the results of run_results.json this command wrote ([] when it wrote none) */
  readonly results: readonly RunResultsEntry[];
}

const SCHEMA = "analytics";

export class ConformanceProject {
  readonly dir = mkdtempSync(join(tmpdir(), "tform-conformance-"));
  readonly branch = uniqueName("conf");
  readonly engine = restEngine();

  constructor(spec: ProjectFiles) {
    const profiles = restSandbox().profilesFile;
    copyFileSync(profiles, join(this.dir, "profiles.yml"));
    writeFileSync(
      join(this.dir, "dbt_project.yml"),
      `name: ${spec.name}\nprofile: tform_sandbox\nconfig-version: 2\n${spec.projectYml ?? ""}`,
    );
    for (const [path, content] of Object.entries(spec.files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), content);
    }
  }

  /** The Trino catalog tform binds to the branch (what dbt's `project.database` is for dbt-trino). */
  get catalog(): string {
    return `iceberg__${this.branch.toLowerCase().replace(/[^a-z0-9_]+/g, "_")}`;
  }

  /** dbt's `run_dbt(args)`: runs a tform command on the project's branch; fails the test if the exit code is unexpected. */
  async run(args: readonly string[], { expectPass = true }: { expectPass?: boolean } = {}): Promise<CommandRun> {
    rmSync(join(this.dir, "target", "run_results.json"), { force: true });
    let output = "";
    const write = { write: (s: string) => (output += s) };
    const takesBranch = !["debug", "deps", "clean", "parse", "compile", "ls"].includes(args[0]!);
    const argv = [...args, "--project-dir", this.dir, ...(takesBranch ? ["--branch", this.branch] : [])];
    const code = await runCli(argv, {
      cwd: this.dir,
      env: { ...process.env, TFORM_PROFILES_DIR: undefined },
      stdout: write,
      stderr: write,
    });
    if (expectPass) expect(code, `tform ${args.join(" ")}:\n${output}`).toBe(0);
    else expect(code, `tform ${args.join(" ")} should fail:\n${output}`).not.toBe(0);
    return { code, output, results: this.runResults() };
  }

  runResults(): RunResultsEntry[] {
    try {
      return (
        JSON.parse(readFileSync(join(this.dir, "target", "run_results.json"), "utf8")) as { results: RunResultsEntry[] }
      ).results;
    } catch {
      return [];
    }
  }

  hasFile(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  readJson<T>(path: string): T {
    return JSON.parse(readFileSync(join(this.dir, path), "utf8")) as T;
  }

  relation(name: string): string {
    return `"${this.catalog}"."${SCHEMA}"."${name}"`;
  }

  async sql(query: string): Promise<unknown[][]> {
    return (await this.engine.execute(query)).rows as unknown[][];
  }

  /** dbt's check_relation_types: each relation's type on the branch, "table" or "view". */
  async checkRelationTypes(expected: Readonly<Record<string, "table" | "view">>): Promise<void> {
    const rows = await this.sql(
      `SELECT table_name, table_type FROM "${this.catalog}".information_schema.tables WHERE table_schema = '${SCHEMA}'`,
    );
    const actual = Object.fromEntries(
      rows.filter((r) => String(r[0]) in expected).map((r) => [String(r[0]), r[1] === "VIEW" ? "view" : "table"]),
    );
    expect(actual).toEqual(expected);
  }

  /** dbt's check_relations_equal: the same rows (as multisets) in every relation, compared with the first. */
  async checkRelationsEqual(names: readonly string[]): Promise<void> {
    const [first, ...rest] = names;
    for (const other of rest) {
      const [a, b] = [this.relation(first!), this.relation(other)];
      const diff = await this.sql(
        `SELECT (SELECT count(*) FROM ${a}), (SELECT count(*) FROM ${b}), (SELECT count(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})), (SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a}))`,
      );
      expect(diff[0], `${first} vs ${other}: rows in each, then rows only in one`).toEqual([
        diff[0]![0],
        diff[0]![0],
        0,
        0,
      ]);
    }
  }

  async rowCount(name: string): Promise<number> {
    return Number((await this.sql(`SELECT count(*) FROM ${this.relation(name)}`))[0]![0]);
  }

  /** Drops the branch and its Trino catalog (dbt's tests drop their schema). */
  async cleanUp(): Promise<void> {
    await this.engine.execute(`DROP CATALOG IF EXISTS "${this.catalog}"`).catch(() => undefined);
    const catalog = restCatalog();
    const ref = await catalog.getReference(this.branch);
    if (ref) await catalog.deleteReference(ref);
    await this.engine.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** dbt's check_result_nodes_by_name: the names of the nodes in the results, in any order. */
export function resultNames(results: readonly RunResultsEntry[]): string[] {
  return results.map((r) => r.unique_id.split(".")[2]!).sort();
}

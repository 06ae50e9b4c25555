/** Runs one bad-input row: writes its project to a temp folder, runs the CLI in-process, reads the first error line. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { tform } from "../cli/cli-harness.js";

export interface BadInputCase {
  readonly name: string;
  /** files over the base project (a file set to null is removed from it) */
  readonly files?: Readonly<Record<string, string | Uint8Array | null>>;
  /** the command line after the project options; default compile */
  readonly argv?: readonly string[];
  /** file-system setup the files map cannot express (symlinks, folders) */
  readonly setup?: (dir: string) => void;
  /** environment variables the case sets */
  readonly env?: Readonly<Record<string, string>>;
  readonly code: string;
  readonly exit: number;
  /** where the error points: "models/a.sql:3" or a file alone */
  readonly at?: string;
}

export const BASE_PROJECT: Readonly<Record<string, string>> = {
  "dbt_project.yml": "name: shop\nconfig-version: 2\nversion: '1.0'\nprofile: shop\n",
  // Trino and Nessie on closed ports: a case that reaches a server shows as exit 5, not as the refusal it expects
  "profiles.yml": [
    "shop:",
    "  target: dev",
    "  outputs:",
    "    dev:",
    "      type: trino",
    "      host: 127.0.0.1",
    "      port: 9",
    "      user: tform",
    "      catalog: lake",
    "      schema: shop",
    "      nessie:",
    "        uri: http://127.0.0.1:9/api/v2",
    "      branch_catalog:",
    "        mode: rest",
    "",
  ].join("\n"),
  "models/a.sql": "select 1 as id\n",
};

export interface BadInputOutcome {
  readonly exit: number;
  readonly code?: string;
  readonly at?: string;
  readonly firstLine: string;
  readonly stderr: string;
}

const FIRST_ERROR = /^(\w+Error) (TF\d+)(?: in [^(:]+?)?(?: \(([^)]+)\))?:/m;

export function writeCase(c: BadInputCase): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tform-bad-input-"));
  const files = { ...BASE_PROJECT, ...c.files };
  for (const [rel, body] of Object.entries(files)) {
    if (body === null) continue;
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
  c.setup?.(dir);
  return dir;
}

export async function runCase(c: BadInputCase): Promise<BadInputOutcome> {
  const dir = writeCase(c);
  const run = await tform([...(c.argv ?? ["compile"]), "--project-dir", dir, "--profiles-dir", dir], {
    cwd: dir,
    env: { ...process.env, TFORM_PROFILES_DIR: undefined, DBT_PROFILES_DIR: undefined, ...c.env },
  });
  const m = FIRST_ERROR.exec(run.stderr);
  // the location is file:line[:col], relative to the project; a case names file:line, or the file alone
  const where = m?.[3]?.replace(`${dir}/`, "").replace(/^(.*?:\d+):\d+$/, "$1");
  const at = c.at === undefined || c.at.includes(":") ? where : where?.replace(/:\d+$/, "");
  return {
    exit: run.code,
    code: m?.[2],
    at: c.at === undefined ? undefined : at,
    firstLine: run.stderr.split("\n")[0] ?? "",
    stderr: run.stderr,
  };
}

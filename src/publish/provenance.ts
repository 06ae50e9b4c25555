/** Who and what published: stored in the merge commit's metadata so `main`'s history explains itself. */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

export interface Provenance {
  readonly tformVersion: string;
  readonly project: string;
  /** HEAD of the git repository holding the project, when there is one */
  readonly gitSha?: string;
  readonly user?: string;
}

export async function collectProvenance(options: {
  projectRoot: string;
  project: string;
  env?: NodeJS.ProcessEnv;
}): Promise<Provenance> {
  const env = options.env ?? process.env;
  const [tformVersion, gitSha] = await Promise.all([readTformVersion(), gitHead(options.projectRoot)]);
  return { tformVersion, project: options.project, gitSha, user: env.USER ?? env.USERNAME };
}

async function readTformVersion(): Promise<string> {
  try {
    // src/publish and dist/publish are both two levels below the package root
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

async function gitHead(cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)("git", ["rev-parse", "HEAD"], { cwd, timeout: 2000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined; // not a git checkout, or git missing: provenance without a sha
  }
}

export function provenanceProperties(p: Provenance): Record<string, string> {
  const out: Record<string, string> = { "tform.version": p.tformVersion, "tform.project": p.project };
  if (p.gitSha) out["tform.git-sha"] = p.gitSha;
  if (p.user) out["tform.user"] = p.user;
  return out;
}

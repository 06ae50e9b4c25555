import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { SandboxError } from "../errors.js";

const run = promisify(execFile);

export interface JavaHome {
  readonly home: string;
  readonly java: string;
  /** feature release, e.g. 25 */
  readonly version: number;
}

export interface FindJavaOptions {
  readonly minVersion: number;
  /** what needs it, for the error message, e.g. "Trino 476" */
  readonly purpose: string;
  /** checked first, in order: explicit overrides such as TFORM_TRINO_JAVA_HOME, then JAVA_HOME */
  readonly candidates: readonly (string | undefined)[];
  readonly jvmRoot?: string;
}

/** `java -version` prints e.g. `openjdk version "25" 2025-09-16` or `"17.0.15"` (or `"1.8.0_402"`) on stderr. */
export function parseJavaVersion(output: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 && m[2] !== undefined ? Number(m[2]) : major;
}

async function javaVersion(home: string): Promise<number | undefined> {
  const java = join(home, "bin", "java");
  if (!existsSync(java)) return undefined;
  try {
    const { stdout, stderr } = await run(java, ["-version"], { timeout: 20_000 });
    return parseJavaVersion(stderr + stdout);
  } catch {
    return undefined;
  }
}

/** The first JDK new enough: explicit candidates first, then the newest under /usr/lib/jvm. */
export async function findJava(options: FindJavaOptions): Promise<JavaHome> {
  const root = options.jvmRoot ?? "/usr/lib/jvm";
  const scanned = existsSync(root) ? readdirSync(root).map((d) => join(root, d)) : [];
  const seen: string[] = [];
  const found: JavaHome[] = [];
  for (const home of [...options.candidates.filter((c): c is string => !!c), ...scanned]) {
    const version = await javaVersion(home);
    if (version === undefined) continue;
    seen.push(`${home} (${version})`);
    if (version < options.minVersion) continue;
    // an explicit override that fits wins over anything scanned
    if (options.candidates.includes(home)) return { home, java: join(home, "bin", "java"), version };
    found.push({ home, java: join(home, "bin", "java"), version });
  }
  found.sort((a, b) => b.version - a.version);
  const best = found[0];
  if (best) return best;
  throw new SandboxError(
    "TF802",
    `No Java ${options.minVersion}+ found for ${options.purpose}. Checked: ${seen.join(", ") || "nothing"}.`,
    {
      hint: `Install a JDK ${options.minVersion} or newer (e.g. Temurin ${options.minVersion}) and set TFORM_TRINO_JAVA_HOME or JAVA_HOME to it.`,
    },
  );
}

/** tform as CI runs it: `node bin/tform.js` in its own process, so that signals and exit codes are the real ones. */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const REPO = join(import.meta.dirname, "..", "..");

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
  );
}

/** Fails when dist/ is older than src/: the process would run yesterday's tform. `npm test` builds first. */
export function requireFreshBuild(): void {
  const dist = join(REPO, "dist");
  let built = 0;
  try {
    built = newestMtime(dist);
  } catch {
    // no dist/ yet
  }
  if (built < newestMtime(join(REPO, "src")))
    throw new Error("dist/ is missing or older than src/: run `npm run build` (npm test does) before test/faults/.");
}

export interface TformProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** exit code, and milliseconds from `since` to the exit */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function spawnTform(args: readonly string[], cwd: string): TformProcess {
  const child = spawn(process.execPath, [join(REPO, "bin", "tform.js"), ...args], {
    cwd,
    env: { ...process.env, TFORM_PROFILES_DIR: undefined },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal, at: performance.now() })),
  );
  return { child, output: () => output, exited };
}

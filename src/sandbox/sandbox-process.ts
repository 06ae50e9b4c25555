import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { SandboxError } from "../errors.js";

export interface StartSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts a server in its own process group, output appended to its log; it outlives this process. */
export function startDetached(spec: StartSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(spec.cwd, { recursive: true });
  const log = openSync(spec.logFile, "a");
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    if (child.pid === undefined)
      throw new SandboxError("TF806", `Could not start ${spec.command}.`, { hint: `See ${spec.logFile}.` });
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/**
 * True when `pid` is alive AND its command line still contains `marker` (e.g. our sandbox folder), so a
 * recycled pid belonging to someone else is never treated as ours.
 */
export function isOurProcess(pid: number, marker: string): boolean {
  const file = `/proc/${pid}/cmdline`;
  try {
    if (existsSync(file)) {
      // a zombie's cmdline is empty, so it never matches
      return readFileSync(file, "utf8").split("\0").join(" ").includes(marker);
    }
    process.kill(pid, 0);
    return false; // no /proc: we cannot prove it is ours, so never signal it
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs`; only if the process is still ours. Returns whether it was running. */
export async function stopProcess(pid: number, marker: string, graceMs = 20_000): Promise<boolean> {
  if (!isOurProcess(pid, marker)) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(pid, marker)) return true;
    await sleep(100);
  }
  if (isOurProcess(pid, marker)) process.kill(pid, "SIGKILL");
  for (let i = 0; i < 50 && isOurProcess(pid, marker); i++) await sleep(100);
  return true;
}

/** Resident memory of a process in bytes (Linux), undefined when unknown. */
export function residentBytes(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One installer at a time per cache folder: two sandboxes starting together on an empty cache (the test
 * run starts a native and a REST one) would otherwise download and unpack into the same folders at once.
 * `mkdir` is atomic, so the lock is a folder holding the owner's pid; a lock whose owner died is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { SandboxError } from "../errors.js";

export interface CacheLockOptions {
  /** give up after this long (downloads of ~800 MB on a slow link take minutes) */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly onWait?: (ownerPid: number | undefined) => void;
}

function ownerOf(lockDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(lockDir, "pid"), "utf8"), 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function withCacheLock<T>(
  cacheDir: string,
  work: () => Promise<T>,
  options: CacheLockOptions = {},
): Promise<T> {
  const lockDir = join(cacheDir, ".install.lock");
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  mkdirSync(cacheDir, { recursive: true });
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, "pid"), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = ownerOf(lockDir);
      // no pid yet means the owner is between mkdir and writeFile: wait, unless that lasts
      if (owner !== undefined && !isAlive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new SandboxError(
          "TF809",
          `Another tform (pid ${owner ?? "unknown"}) has been installing into ${cacheDir} for too long.`,
          {
            hint: `If no other tform is running, remove ${lockDir} and try again.`,
          },
        );
      }
      if (!waited) options.onWait?.(owner);
      waited = true;
      await sleep(options.pollMs ?? 500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

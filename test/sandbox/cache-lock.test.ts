import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { withCacheLock } from "../../src/sandbox/cache-lock.js";

describe("withCacheLock", () => {
  it("runs two installers into one cache one after the other, never at once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-lock-"));
    let inside = 0;
    let maxInside = 0;
    const work = async () => {
      inside += 1;
      maxInside = Math.max(maxInside, inside);
      await sleep(50);
      inside -= 1;
    };
    await Promise.all([withCacheLock(dir, work, { pollMs: 10 }), withCacheLock(dir, work, { pollMs: 10 })]);
    expect(maxInside).toBe(1);
  });

  it("takes over a lock left by a process that died", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-lock-"));
    mkdirSync(join(dir, ".install.lock"));
    writeFileSync(join(dir, ".install.lock", "pid"), "2147483646"); // no such process
    await expect(withCacheLock(dir, async () => "done", { timeoutMs: 1000, pollMs: 10 })).resolves.toBe("done");
  });

  it("gives up with TF809 while a live owner holds the lock past the timeout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-lock-"));
    mkdirSync(join(dir, ".install.lock"));
    writeFileSync(join(dir, ".install.lock", "pid"), String(process.pid));
    await expect(withCacheLock(dir, async () => "never", { timeoutMs: 50, pollMs: 10 })).rejects.toMatchObject({
      code: "TF809",
    });
  });
});

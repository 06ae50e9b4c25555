import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findFreePort } from "../../src/sandbox/free-port.js";
import { isOurProcess, startDetached, stopProcess } from "../../src/sandbox/sandbox-process.js";

describe("sandbox processes", () => {
  it("stops a process it started, identified by a marker in its command line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-proc-"));
    const marker = `tform-test-marker-${process.pid}-${Date.now()}`;
    const pid = startDetached({
      command: process.execPath,
      args: ["-e", "setInterval(() => {}, 1000)", marker],
      cwd: dir,
      logFile: join(dir, "x.log"),
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(isOurProcess(pid, marker)).toBe(true);
    expect(await stopProcess(pid, marker, 5_000)).toBe(true);
    expect(isOurProcess(pid, marker)).toBe(false);
  });

  it("never signals a live process whose command line lacks the marker (a reused pid)", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      expect(isOurProcess(child.pid!, "/some/sandbox/dir")).toBe(false);
      expect(await stopProcess(child.pid!, "/some/sandbox/dir", 1_000)).toBe(false);
      expect(child.exitCode).toBeNull();
      expect(child.signalCode).toBeNull();
    } finally {
      child.kill();
    }
  });

  it("picks another port when the preferred one is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "0.0.0.0", r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const port = await findFreePort(taken);
      expect(port).not.toBe(taken);
      expect(await findFreePort(port, [port])).not.toBe(port);
    } finally {
      blocker.close();
    }
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandboxDown } from "../../src/sandbox/sandbox-down.js";
import { sandboxStatus } from "../../src/sandbox/sandbox-status.js";

describe("sandbox status and down without running servers", () => {
  it("reports both servers stopped and the data folder's disk use when nothing was started", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-sb-"));
    mkdirSync(join(dir, "warehouse"));
    writeFileSync(join(dir, "warehouse", "f"), "12345");
    const s = await sandboxStatus({ dir });
    expect(s.trino).toMatchObject({ running: false, ready: false, version: "476" });
    expect(s.nessie).toMatchObject({ running: false, ready: false, version: "0.99.0" });
    expect(s.diskBytes).toBe(5);
    expect(await sandboxDown({ dir })).toEqual({ stopped: [], hadState: false });
  });

  it("treats recorded pids that are not ours as not running and stops nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-sb-"));
    const state = {
      format: 1,
      startedAt: "x",
      sandboxDir: dir,
      trino: { pid: process.pid, port: 1, version: "476", home: "h", javaHome: "j" },
      nessie: { pid: process.pid, port: 2, managementPort: 3, version: "0.99.0", jar: "n", javaHome: "j" },
    };
    writeFileSync(join(dir, "state.json"), JSON.stringify(state));
    expect((await sandboxStatus({ dir })).trino.running).toBe(false);
    expect(await sandboxDown({ dir })).toEqual({ stopped: [], hadState: true });
  });
});

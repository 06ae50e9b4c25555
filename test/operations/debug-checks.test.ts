/** `tform debug`: every check reported, failures classed as configuration or unreachable, no secret shown. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../src/catalog/memory-catalog.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { ExecutionError } from "../../src/errors.js";
import { debugProject } from "../../src/operations/debug-checks.js";
import { tform } from "../cli/cli-harness.js";
import { diskProject } from "./disk-project.js";

const trino =
  (catalogs = 1) =>
  async () =>
    new RecordingEngine({ answer: () => ({ columns: [], rows: [[1, "476", catalogs]] }) });
const options = (root: string) => ({ projectDir: root, profilesDir: root, env: {} });

describe("debugProject", () => {
  it("passes every check against a reachable Trino and Nessie and names the catalog mode", async () => {
    const root = diskProject({});
    const report = await debugProject({
      ...options(root),
      openEngine: trino(),
      openCatalog: async () => new MemoryCatalog(),
    });
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ["project", "ok"],
      ["profile", "ok"],
      ["trino", "ok"],
      ["nessie", "ok"],
      ["catalog mode", "ok"],
    ]);
    expect(report.checks[2]!.detail).toBe("connection ok: Trino 476, catalog lake");
    expect(report.checks[4]!.detail).toMatch(/^native:/);
    expect(report).toMatchObject({
      passed: true,
      profilesFile: join(root, "profiles.yml"),
      connection: { host: "127.0.0.1", catalog: "lake", nessie: "http://127.0.0.1:1/api/v2" },
    });
  });

  it("classes an unreachable Trino as unreachable and a missing catalog as configuration; no nessie: is plain mode", async () => {
    const root = diskProject({}, { branching: false });
    const down = async () =>
      new RecordingEngine({
        answer: () => new ExecutionError("TF520", "Trino is unreachable at http://127.0.0.1:1 (fetch failed)."),
      });
    const unreachable = await debugProject({ ...options(root), openEngine: down });
    expect(unreachable.checks.find((c) => c.name === "trino")).toMatchObject({
      status: "failed",
      failure: "unreachable",
    });
    expect(unreachable.checks.find((c) => c.name === "nessie")!.status).toBe("skipped");
    expect(unreachable.checks.find((c) => c.name === "catalog mode")!.detail).toMatch(/^plain:/);
    // opening the engine pings Trino, so a down server may fail there rather than at the first query
    const pingFails = async (): Promise<never> => {
      throw new ExecutionError("TF521", "Trino did not answer at http://127.0.0.1:1 (no answer within 5 s).");
    };
    const hung = await debugProject({ ...options(root), openEngine: pingFails });
    expect(hung.checks.find((c) => c.name === "trino")).toMatchObject({
      status: "failed",
      failure: "unreachable",
      detail: expect.stringContaining("did not answer"),
    });
    const noCatalog = await debugProject({ ...options(root), openEngine: trino(0) });
    expect(noCatalog.checks.find((c) => c.name === "trino")).toMatchObject({
      status: "failed",
      failure: "config",
      detail: expect.stringContaining("no catalog 'lake'"),
    });
  });

  it("stops at a broken profile and exits 4 from the CLI, printing the checks but never the password", async () => {
    const root = diskProject({});
    writeFileSync(
      join(root, "profiles.yml"),
      "shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: h\n      user: u\n      password: hunter2-secret\n      schema: s\n",
    );
    const run = await tform(["debug", "--project-dir", root, "--profiles-dir", root]);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/project\s+\[OK\]/);
    expect(run.stdout).toMatch(/profile\s+\[ERROR\].*type must be trino/);
    expect(run.stdout).toContain("1 check failed.");
    expect(run.stdout + run.stderr).not.toContain("hunter2");
  });
});

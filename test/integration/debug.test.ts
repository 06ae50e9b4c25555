/** `tform debug` on the sandbox: every check passes; a wrong port is unreachable (5), a wrong catalog is configuration (4). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";
import { commandsProject } from "./commands-project.js";
import { sandbox } from "./sandbox-harness.js";

describe("debug (sandbox)", () => {
  it("reports Trino's version, Nessie's main hash and the native mode, then All checks passed!", async () => {
    const { projectDir, profilesDir } = commandsProject();
    const run = await tform(["debug", "--project-dir", projectDir, "--profiles-dir", profilesDir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`trino         [OK] connection ok: Trino ${sandbox().trinoVersion}, catalog iceberg`);
    expect(run.stdout).toMatch(/nessie {8}\[OK\] connection ok: main at [0-9a-f]{16,}/);
    expect(run.stdout).toMatch(/catalog mode  \[OK\] native:/);
    expect(run.stdout.trimEnd().endsWith("All checks passed!")).toBe(true);
  });

  it("exits 5 when Trino does not answer and 4 when the profile's catalog is not in Trino", async () => {
    const { projectDir } = commandsProject();
    const profile = readFileSync(sandbox().profilesFile, "utf8");
    const trinoPort = new URL(sandbox().trinoUrl).port;
    writeFileSync(join(projectDir, "profiles.yml"), profile.replaceAll(`port: ${trinoPort}`, "port: 9"));
    const down = await tform(["debug", "--project-dir", projectDir, "--profiles-dir", projectDir]);
    expect(down.code).toBe(5);
    expect(down.stdout).toMatch(/trino +\[ERROR\] Trino is unreachable/);
    expect(down.stdout).toMatch(/nessie +\[OK\]/);
    writeFileSync(join(projectDir, "profiles.yml"), profile.replaceAll("catalog: iceberg", "catalog: no_such_catalog"));
    const wrong = await tform(["debug", "--project-dir", projectDir, "--profiles-dir", projectDir]);
    expect(wrong.code).toBe(4);
    expect(wrong.stdout).toContain("has no catalog 'no_such_catalog'");
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NessieCatalog } from "../../src/catalog/nessie/nessie-catalog.js";
import { TrinoEngine } from "../../src/engine/trino/trino-engine.js";
import { sandboxDown } from "../../src/sandbox/sandbox-down.js";
import type { SandboxState } from "../../src/sandbox/sandbox-state.js";
import { sandboxEndpoints, sandboxUp } from "../../src/sandbox/sandbox-up.js";
import { expectExit, tform, type CliRun } from "../cli/cli-harness.js";
import { commandsProject } from "../integration/commands-project.js";
import { uniqueName } from "../integration/sandbox-harness.js";

/**
 * Trino and Nessie really killed (SIGKILL) or stopped (SIGSTOP) at named points of build and publish, on a sandbox of
 * this file's own (the shared one stays up for the other tests). After each: the exit code of the README's table,
 * main's hash as before, no branch created by a build that could not start, and a plain retry that completes.
 */
describe("Trino and Nessie killed or stopped during build and publish", () => {
  const dir = mkdtempSync(join(tmpdir(), "tform-faults-sandbox-"));
  // a model slow enough (seconds) to be caught running
  const { projectDir } = commandsProject({
    "models/slow_totals.sql":
      "{{ config(materialized='table') }}\nselect orderkey, sum(extendedprice) as total from tpch.sf1.lineitem group by 1",
  });
  let state: SandboxState;
  let profilesDir: string;

  const up = async () => {
    const r = await sandboxUp({ dir, catalog: "native" });
    state = r.state;
    profilesDir = dirname(r.profilesFile);
  };
  const nessie = () => new NessieCatalog({ uri: sandboxEndpoints(state).nessieUri });
  const mainHash = async () => (await nessie().requireReference("main")).hash;
  const run = (...args: string[]) =>
    tform([...args, "--project-dir", projectDir, "--profiles-dir", profilesDir], { cwd: projectDir });
  /** the command's result and its seconds */
  const timed = async (...args: string[]): Promise<CliRun & { seconds: number }> => {
    const started = performance.now();
    const result = await run(...args);
    return { ...result, seconds: (performance.now() - started) / 1000 };
  };
  const signal = async (pid: number, sig: NodeJS.Signals) => {
    process.kill(pid, sig);
    if (sig === "SIGKILL") for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  /** `act` while `pid` is SIGSTOPped (as a hung server: it accepts connections and never answers), then SIGCONT */
  const whileStopped = async <T>(pid: number, act: () => Promise<T>): Promise<T> => {
    await signal(pid, "SIGSTOP");
    try {
      return await act();
    } finally {
      await signal(pid, "SIGCONT");
    }
  };

  beforeAll(up, 240_000);
  afterAll(async () => {
    for (const pid of [state.trino.pid, state.nessie.pid]) if (alive(pid)) process.kill(pid, "SIGCONT");
    await sandboxDown({ dir });
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("Trino killed before the build: exit 5 in seconds, no branch, main as it was; the retry after a restart builds", async () => {
    const branch = uniqueName("ft_kill_trino");
    const before = await mainHash();
    await signal(state.trino.pid, "SIGKILL");
    const failed = await timed("build", "--branch", branch, "-s", "recent_orders");
    expectExit(failed, 5);
    expect(failed.stderr).toMatch(/Trino is unreachable/);
    expect(failed.seconds).toBeLessThan(30);
    expect(await nessie().getReference(branch)).toBeUndefined();
    expect(await mainHash()).toBe(before);
    await up();
    expectExit(await run("build", "--branch", branch, "-s", "recent_orders"), 0);
  }, 240_000);

  it("Trino stopped (SIGSTOP) before the build: exit 5 within the connect timeout, no branch; after SIGCONT the retry builds", async () => {
    const branch = uniqueName("ft_stop_trino");
    const failed = await whileStopped(state.trino.pid, () => timed("build", "--branch", branch, "-s", "recent_orders"));
    expectExit(failed, 5);
    expect(failed.stderr).toMatch(/Trino did not answer/);
    expect(failed.seconds).toBeLessThan(30);
    expect(await nessie().getReference(branch)).toBeUndefined();
    expectExit(await run("build", "--branch", branch, "-s", "recent_orders"), 0);
  }, 120_000);

  it("Nessie stopped (SIGSTOP) before the build: exit 5 within the connect timeout, no branch; after SIGCONT the retry builds", async () => {
    const branch = uniqueName("ft_stop_nessie");
    const before = await mainHash();
    const failed = await whileStopped(state.nessie.pid, () =>
      timed("build", "--branch", branch, "-s", "recent_orders"),
    );
    expectExit(failed, 5);
    expect(failed.stderr).toMatch(/Nessie did not answer/);
    expect(failed.seconds).toBeLessThan(30);
    expect(await nessie().getReference(branch)).toBeUndefined();
    expect(await mainHash()).toBe(before);
    expectExit(await run("build", "--branch", branch, "-s", "recent_orders"), 0);
  }, 120_000);

  it("Nessie killed before the publish: exit 5, main and the tested branch as they were; after a restart the publish lands", async () => {
    const branch = uniqueName("ft_kill_nessie");
    expectExit(await run("build", "--branch", branch, "-s", "recent_orders"), 0);
    expectExit(await run("test", "--branch", branch), 0);
    const before = await mainHash();
    const tested = (await nessie().requireReference(branch)).hash;
    await signal(state.nessie.pid, "SIGKILL");
    const failed = await timed("publish", "--branch", branch);
    expectExit(failed, 5);
    expect(failed.stderr).toMatch(/Nessie is unreachable/);
    await up();
    expect(await mainHash()).toBe(before);
    expect((await nessie().requireReference(branch)).hash).toBe(tested);
    expectExit(await run("publish", "--branch", branch), 0);
    const merged = (await nessie().history("main", 5)).find((e) => e.meta.properties?.["tform.tested-hash"] === tested);
    expect(merged).toBeDefined();
  }, 240_000);

  it("Trino killed mid-model: the model fails, main is as it was and the table is not on the branch; the retry builds it", async () => {
    const branch = uniqueName("ft_kill_mid");
    expectExit(await run("build", "--branch", branch, "-s", "recent_orders"), 0);
    const before = await mainHash();
    const building = run("build", "--branch", branch, "-s", "slow_totals");
    let caught = false;
    const watcher = new TrinoEngine({ server: sandboxEndpoints(state).trinoUrl, user: "tform-faults" });
    try {
      for (let i = 0; i < 300; i++) {
        const running = await watcher.execute(
          "SELECT count(*) FROM system.runtime.queries WHERE state = 'RUNNING' AND query LIKE '%tpch.sf1.lineitem%' AND query NOT LIKE '%system.runtime%'",
        );
        caught = Number(running.rows[0]![0]) > 0;
        if (caught) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await watcher.close();
    }
    expect(caught, "the model's query was never seen running").toBe(true);
    await signal(state.trino.pid, "SIGKILL");
    const failed = await building;
    // the model failed because Trino went away: exit 5 (retry the job), not 1 (fix the model)
    expectExit(failed, 5);
    expect(failed.stdout).toMatch(/TF520 in model slow_totals .*Trino is unreachable/);
    await up();
    expect(await mainHash()).toBe(before);
    const keys = async () =>
      (await nessie().listContents(await nessie().requireReference(branch))).map((c) => c.key.at(-1));
    expect(await keys()).not.toContain("slow_totals");
    expectExit(await run("build", "--branch", branch, "-s", "slow_totals"), 0);
    expect(await keys()).toContain("slow_totals");
  }, 300_000);
});

// `tform compile` as a whole process on generated projects of 1k and 10k models (cold: no target/
// folder; warm: the template cache from the previous run), and `tform --version`, with wall time and
// peak RSS from /usr/bin/time. Goals: 10k ≤ 3 s and ≤ 1 GiB; --version ≤ 150 ms.
//   node bench/compile.mjs [COUNT…]     (default 1000 10000; projects are generated under $TMPDIR)
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateProject } from "./generate-project.mjs";

const bin = new URL("../bin/tform.js", import.meta.url).pathname;
const counts = process.argv.slice(2).map(Number);
const TIME = "/usr/bin/time";
const hasTime = existsSync(TIME);

/**
 * Runs a command; returns wall ms, CPU ms (user + system, which load from other processes on this
 * shared machine does not inflate the way it inflates wall time) and peak RSS in MiB, from /usr/bin/time.
 */
function measure(args, cwd) {
  const started = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync(TIME, ["-f", "%U %S %M", process.execPath, ...args], { cwd, encoding: "utf8" })
    : spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  const [user, sys, kb] = hasTime ? lines.pop().split(" ").map(Number) : [NaN, NaN, NaN];
  return { ms, cpuMs: (user + sys) * 1000, rssMiB: kb / 1024, stdout: r.stdout, stderr: lines.join("\n") };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const versions = Array.from({ length: 7 }, () => measure([bin, "--version"]));
const bare = Array.from({ length: 7 }, () => measure(["-e", "0"]));
console.log(`tform --version        median ${median(versions.map((v) => v.ms)).toFixed(0)} ms wall, ${median(versions.map((v) => v.cpuMs)).toFixed(0)} ms cpu over ${versions.length} runs (goal ≤ 150 ms); bare \`node -e 0\`: ${median(bare.map((v) => v.ms)).toFixed(0)} ms wall`);
console.log(`load average now: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);

for (const count of counts.length > 0 ? counts : [1000, 10000]) {
  const dir = path.join(os.tmpdir(), "tform-bench", `compile-${count}`);
  if (!existsSync(path.join(dir, "dbt_project.yml"))) await generateProject(dir, count);
  rmSync(path.join(dir, "target"), { recursive: true, force: true });
  const args = [bin, "--debug", "compile", "--project-dir", dir, "--profiles-dir", dir];
  const cold = measure(args, dir);
  const warm = [measure(args, dir), measure(args, dir)];
  const best = warm.reduce((a, b) => (a.ms < b.ms ? a : b));
  const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s cpu, peak RSS ${r.rssMiB.toFixed(0)} MiB`;
  console.log(`tform compile ${String(count).padStart(6)} models: cold ${fmt(cold)}`);
  console.log(`  ${cold.stderr.split("\n").find((l) => l.startsWith("Timings")) ?? ""}`);
  console.log(`tform compile ${String(count).padStart(6)} models: warm ${fmt(best)}`);
  console.log(`  ${best.stderr.split("\n").find((l) => l.startsWith("Timings")) ?? ""}`);
}

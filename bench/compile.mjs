// `tform compile` as a whole process on generated projects of 1k and 10k models, and `tform --version`,
// with wall time, CPU time and peak RSS from /usr/bin/time. Goals: 10k ≤ 3 s and ≤ 1 GiB; --version ≤ 150 ms.
// Runs per project size:
//   cold         no target/ folder (a fresh clone)
//   unchanged    the same project again (partial parsing reuses everything)
//   edited       one model's SQL edited before each run (what an analytics engineer does all day)
//   no-partial   --no-partial-parse: every node parsed and compiled again, only compiled templates reused
// and, for scale, how long this machine takes to create as many files as the cold run writes.
//   node bench/compile.mjs [COUNT…]     (default 1000 10000; projects are generated under $TMPDIR)
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
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
  const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s cpu, peak RSS ${r.rssMiB.toFixed(0)} MiB`;
  const report = (label, runs) => {
    const mid = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
    const range = runs.length > 1 ? ` (${runs.map((r) => (r.ms / 1000).toFixed(2)).join(", ")})` : "";
    console.log(`tform compile ${String(count).padStart(6)} models: ${label.padEnd(10)} ${fmt(mid)}${range}`);
    for (const prefix of ["Timings", "Partial parse"]) console.log(`  ${mid.stderr.split("\n").find((l) => l.startsWith(prefix)) ?? ""}`);
    return mid;
  };
  const cold = report("cold", [measure(args, dir)]);
  const unchanged = report("unchanged", [measure(args, dir), measure(args, dir), measure(args, dir)]);
  const edited = Array.from({ length: 3 }, (_, i) => {
    appendFileSync(path.join(dir, "models", "f0", "m50.sql"), `-- edit ${i}\n`);
    return measure(args, dir);
  });
  report("edited", edited);
  const noPartial = report("no-partial", [measure([bin, "--no-partial-parse", ...args.slice(1)], dir)]);
  const files = Number(/files written (\d+)/.exec(cold.stderr)?.[1] ?? 0);
  const creation = fileCreation(files);
  console.log(`  ratios in this run: unchanged/no-partial ${(unchanged.ms / noPartial.ms).toFixed(2)}, unchanged/cold ${(unchanged.ms / cold.ms).toFixed(2)}; creating ${files} files of 300 bytes takes ${(creation / 1000).toFixed(2)} s here (${((creation / cold.ms) * 100).toFixed(0)}% of the cold run)`);
}

/** Wall ms to create `count` new files in 100 folders, in this process: the machine's floor for a cold run's writes. */
function fileCreation(count) {
  const root = path.join(os.tmpdir(), "tform-bench", "file-creation");
  rmSync(root, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  for (let d = 0; d < 100; d++) mkdirSync(path.join(root, `f${d}`), { recursive: true });
  const text = "select 1 as id from somewhere\n".repeat(10);
  for (let i = 0; i < count; i++) writeFileSync(path.join(root, `f${i % 100}`, `file_${i}.sql`), text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(root, { recursive: true, force: true });
  return ms;
}

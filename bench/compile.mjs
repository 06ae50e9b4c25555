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

/** Runs a command, returns wall ms and peak RSS in MiB (from /usr/bin/time when present). */
function measure(args, cwd) {
  const started = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync(TIME, ["-f", "%M", process.execPath, ...args], { cwd, encoding: "utf8" })
    : spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const kb = hasTime ? Number(r.stderr.trim().split("\n").pop()) : NaN;
  return { ms, rssMiB: kb / 1024, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const versions = Array.from({ length: 7 }, () => measure([bin, "--version"]).ms);
console.log(`tform --version        median ${median(versions).toFixed(0)} ms over ${versions.length} runs (goal ≤ 150 ms)`);

for (const count of counts.length > 0 ? counts : [1000, 10000]) {
  const dir = path.join(os.tmpdir(), "tform-bench", `compile-${count}`);
  if (!existsSync(path.join(dir, "dbt_project.yml"))) await generateProject(dir, count);
  rmSync(path.join(dir, "target"), { recursive: true, force: true });
  const args = [bin, "compile", "--project-dir", dir, "--profiles-dir", dir];
  const cold = measure(args, dir);
  const warm = [measure(args, dir), measure(args, dir)];
  const best = warm.reduce((a, b) => (a.ms < b.ms ? a : b));
  const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB`;
  console.log(`tform compile ${String(count).padStart(6)} models: cold ${fmt(cold)}; warm ${fmt(best)}`);
  console.log(`  ${cold.stdout.trim().split("\n").pop()}`);
}

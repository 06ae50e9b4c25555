// Reuse figures (issue 13), whole `tform` commands as a user runs them, on the default (REST) sandbox:
// 1. the example project built on a branch, then built again with nothing changed: tables written, wall time
//    (goal 0 tables, <= 2 s);
// 2. a generated 200-model project (chains and fan-ins): after one model near the leaves is edited, the tables
//    written must be exactly that model and its descendants; wall of that rebuild vs the full build (goal <= 0.2);
// 3. fingerprinting's overhead: a full build on a fresh branch vs the same with --no-reuse (goal <= 1.05).
// Reuses a running sandbox (TFORM_SANDBOX_DIR or the default folder) or starts one and stops it. Run after
// `npm run build`. BENCH_MODELS (default 200).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sandboxDown } from "../dist/sandbox/sandbox-down.js";
import { sandboxUp } from "../dist/sandbox/sandbox-up.js";

const MODELS = Number(process.env.BENCH_MODELS ?? 200);
const CHAIN = 10;
const bin = new URL("../bin/tform.js", import.meta.url).pathname;
const exampleDir = new URL("../example-project", import.meta.url).pathname;

const up = await sandboxUp({ dir: process.env.TFORM_SANDBOX_DIR, onProgress: (m) => process.stderr.write(`[sandbox] ${m}\n`) });
const branches = [];
const stamp = Date.now().toString(36);
const newBranch = (name) => {
  const b = `bench_reuse_${name}_${stamp}`;
  branches.push(b);
  return b;
};

/** Runs one tform command in `dir`; returns its wall time and run_results.json. */
function tform(dir, args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args, "--profiles-dir", dir], { cwd: dir, encoding: "utf8" });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`tform ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const results = JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")).results;
  return { seconds, results };
}
// a node wrote a table when it sent a CTAS, INSERT or MERGE (a view's CREATE VIEW writes no data)
const written = (results) => results.filter((r) => r.status === "success" && (r.statements ?? []).some((s) => /^(CREATE (OR REPLACE )?TABLE|INSERT|MERGE)/i.test(s.sql)));
const reused = (results) => results.filter((r) => r.status === "reused");

/** MODELS table models in chains of CHAIN; every chain's last model also reads the previous chain's middle. */
function writeGenerated(root) {
  mkdirSync(join(root, "models"), { recursive: true });
  writeFileSync(join(root, "dbt_project.yml"), "name: bench_reuse\nprofile: lakehouse_shop\nmodels:\n  bench_reuse:\n    +materialized: table\n    +schema: bench_reuse\n");
  const parents = new Map();
  for (let i = 0; i < MODELS; i++) {
    const inChain = i % CHAIN;
    const reads = inChain === 0 ? [] : [i - 1];
    if (inChain === CHAIN - 1 && i >= CHAIN) reads.push(i - CHAIN - Math.floor(CHAIN / 2));
    parents.set(i, reads);
    writeModel(root, i, reads, 0);
  }
  return parents;
}
function writeModel(root, i, reads, version) {
  const from = reads.map((p) => `{{ ref('m${p}') }}`);
  const sql = from.length === 0 ? `select ${i} as id, ${version} as v` : `select max(id) + 1 + ${version} as id, 0 as v from (${from.map((f) => `select id from ${f}`).join(" union all ")})`;
  writeFileSync(join(root, "models", `m${i}.sql`), `${sql}\n`);
}
function descendants(parents, of) {
  const out = new Set([of]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [child, ps] of parents) if (!out.has(child) && ps.some((p) => out.has(p))) (out.add(child), (changed = true));
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), "tform-bench-reuse-"));
try {
  // 1. the example project
  const example = join(work, "example");
  cpSync(exampleDir, example, { recursive: true, filter: (p) => !p.includes(`${exampleDir}/target`) });
  cpSync(up.profilesFile, join(example, "profiles.yml"));
  const dev = newBranch("example");
  const first = tform(example, ["build", "--branch", dev]);
  const again = tform(example, ["build", "--branch", dev]);
  const run = tform(example, ["run", "--branch", dev]);
  console.log(`example project, build on a branch: first ${first.seconds.toFixed(2)} s (${written(first.results).length} tables written); again with nothing changed ${again.seconds.toFixed(2)} s, ${written(again.results).length} tables written, ${reused(again.results).length} reused (goal 0 tables, <= 2 s); \`tform run\` again ${run.seconds.toFixed(2)} s`);

  // 2. and 3. the generated project
  const gen = join(work, "generated");
  const parents = writeGenerated(gen);
  cpSync(up.profilesFile, join(gen, "profiles.yml"));
  const full = tform(gen, ["run", "--branch", newBranch("full")]);
  const noReuse = tform(gen, ["run", "--branch", newBranch("noreuse"), "--no-reuse"]);
  const full2 = tform(gen, ["run", "--branch", newBranch("full2")]);
  const noReuse2 = tform(gen, ["run", "--branch", newBranch("noreuse2"), "--no-reuse"]);
  const withFp = Math.min(full.seconds, full2.seconds);
  const without = Math.min(noReuse.seconds, noReuse2.seconds);
  console.log(`${MODELS}-model project, full build on a fresh branch: ${withFp.toFixed(2)} s with fingerprints, ${without.toFixed(2)} s with --no-reuse (best of 2 each): overhead ${(withFp / without).toFixed(3)} (goal <= 1.05)`);

  const edited = MODELS - CHAIN - 3; // near the leaves of a late chain
  const branch = branches.at(-4); // the first full build's branch
  writeModel(gen, edited, parents.get(edited), 1);
  const rebuild = tform(gen, ["run", "--branch", branch]);
  const expected = [...descendants(parents, edited)].map((i) => `m${i}`).sort();
  const got = written(rebuild.results).map((r) => r.unique_id.split(".").pop()).sort();
  const exact = JSON.stringify(expected) === JSON.stringify(got);
  console.log(`after editing m${edited}: ${got.length} tables written (${exact ? "exactly" : "NOT exactly"} it and its ${expected.length - 1} descendants), ${reused(rebuild.results).length} reused; rebuild ${rebuild.seconds.toFixed(2)} s vs full build ${full.seconds.toFixed(2)} s: ratio ${(rebuild.seconds / full.seconds).toFixed(3)} (goal <= 0.2)`);
  if (!exact) process.exitCode = 1;
} finally {
  for (const b of branches) {
    const r = await fetch(`${up.endpoints.nessieUri}/trees/${b}`);
    if (r.ok) {
      const hash = (await r.json()).reference.hash;
      await fetch(`${up.endpoints.nessieUri}/trees/${encodeURIComponent(`${b}@${hash}`)}`, { method: "DELETE" });
    }
  }
  rmSync(work, { recursive: true, force: true });
  if (!up.alreadyRunning) await sandboxDown({ dir: process.env.TFORM_SANDBOX_DIR });
}

// Sandbox figures: cold (fresh data folder; downloads excluded) and warm start to ready of the native and REST
// catalog modes with their ratio, RSS of both servers at rest, SELECT 1 through TrinoEngine vs a bare fetch loop over Trino's protocol, and
// branch create + merge through NessieCatalog vs bare fetch. Uses its own sandbox folder (a temp dir,
// or --dir PATH to reuse one) and stops what it started. Run after `npm run build`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NessieCatalog } from "../dist/catalog/nessie/nessie-catalog.js";
import { TrinoEngine } from "../dist/engine/trino/trino-engine.js";
import { sandboxDown } from "../dist/sandbox/sandbox-down.js";
import { sandboxStatus } from "../dist/sandbox/sandbox-status.js";
import { sandboxUp } from "../dist/sandbox/sandbox-up.js";

const argDir = process.argv.indexOf("--dir");
const dir = argDir > 0 ? process.argv[argDir + 1] : mkdtempSync(join(tmpdir(), "tform-bench-sandbox-"));
const N = Number(process.env.BENCH_N ?? 40);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

async function timeEach(n, f) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return out;
}

// start times of both catalog modes, alternated in one run (the default's goal: REST within 1.3x of native)
const starts = { native: [], rest: [] };
for (const catalog of ["native", "rest", "native", "rest"]) {
  const modeDir = mkdtempSync(join(tmpdir(), `tform-bench-${catalog}-`));
  const cold = await sandboxUp({ dir: modeDir, catalog });
  await sandboxDown({ dir: modeDir });
  const warm = await sandboxUp({ dir: modeDir, catalog });
  await sandboxDown({ dir: modeDir });
  rmSync(modeDir, { recursive: true, force: true });
  starts[catalog].push([cold.seconds, warm.seconds]);
  console.log(`${catalog.padEnd(6)} start to ready: cold (fresh data folder, downloads excluded) ${cold.seconds.toFixed(1)} s, warm ${warm.seconds.toFixed(1)} s`);
}
const sum = (runs, i) => runs.reduce((t, r) => t + r[i], 0);
console.log(`rest / native start time: cold ${(sum(starts.rest, 0) / sum(starts.native, 0)).toFixed(2)}, warm ${(sum(starts.rest, 1) / sum(starts.native, 1)).toFixed(2)}`);

await sandboxDown({ dir });
const warm = await sandboxUp({ dir, catalog: "native" });
const { trinoUrl, nessieUri } = warm.endpoints;

try {
  // --- SELECT 1: TrinoEngine vs bare HTTP loop, interleaved so both see the same server state
  const engine = new TrinoEngine({ server: trinoUrl, user: "tform" });
  const headers = { "X-Trino-User": "tform" };
  const bare = async () => {
    let d = await (await fetch(`${trinoUrl}/v1/statement`, { method: "POST", body: "SELECT 1", headers })).json();
    while (d.nextUri) d = await (await fetch(d.nextUri, { headers })).json();
    if (d.error) throw new Error(d.error.message);
  };
  await timeEach(10, () => engine.execute("SELECT 1"));
  await timeEach(10, bare);
  const tEngine = [];
  const tBare = [];
  for (let i = 0; i < N; i++) {
    tEngine.push(...(await timeEach(1, () => engine.execute("SELECT 1"))));
    tBare.push(...(await timeEach(1, bare)));
  }
  console.log(`SELECT 1 median: TrinoEngine ${ms(median(tEngine))}, bare fetch ${ms(median(tBare))}, ratio ${(median(tEngine) / median(tBare)).toFixed(2)}`);

  // --- branch create + merge: NessieCatalog vs bare fetch; each branch gets one commit first (untimed)
  const catalog = new NessieCatalog({ uri: nessieUri });
  const json = { "Content-Type": "application/json" };
  const call = async (method, path, body) => {
    const res = await fetch(`${nessieUri}/${path}`, { method, headers: json, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const commitOnBranch = async (name, hash) => {
    const key = { elements: [`bench_${name}`] };
    const r = await call("POST", `trees/${encodeURIComponent(`${name}@${hash}`)}/history/commit`, { commitMeta: { message: "bench" }, operations: [{ type: "PUT", key, content: { type: "NAMESPACE", elements: key.elements } }] });
    return r.targetBranch.hash;
  };
  const viaCatalog = async (i) => {
    const name = `bench_c_${Date.now()}_${i}`;
    const main = await catalog.getReference("main");
    const b = await catalog.createBranch(name, main);
    const head = await commitOnBranch(name, b.hash); // untimed share is small; identical in both variants
    const now = await catalog.getReference("main");
    const r = await catalog.merge({ fromRef: name, fromHash: head, into: "main", expectedIntoHash: now.hash, meta: { message: "bench merge" } });
    if (!r.ok) throw new Error("merge failed");
  };
  const viaBare = async (i) => {
    const name = `bench_b_${Date.now()}_${i}`;
    const main = (await call("GET", "trees/main")).reference;
    const b = (await call("POST", `trees?name=${name}&type=BRANCH`, main)).reference;
    const head = await commitOnBranch(name, b.hash);
    const now = (await call("GET", "trees/main")).reference;
    const r = await call("POST", `trees/${encodeURIComponent(`main@${now.hash}`)}/history/merge`, { fromRefName: name, fromHash: head, message: "bench merge", isReturnConflictAsResult: true });
    if (!r.wasSuccessful) throw new Error("merge failed");
  };
  await timeEach(3, viaCatalog);
  await timeEach(3, viaBare);
  const nC = [];
  const nB = [];
  for (let i = 0; i < Math.ceil(N / 2); i++) {
    nC.push(...(await timeEach(1, () => viaCatalog(i))));
    nB.push(...(await timeEach(1, () => viaBare(i))));
  }
  console.log(`branch create + commit + merge median: NessieCatalog ${ms(median(nC))}, bare fetch ${ms(median(nB))}, ratio ${(median(nC) / median(nB)).toFixed(2)}`);

  await new Promise((r) => setTimeout(r, 10_000));
  const s = await sandboxStatus({ dir });
  const mib = (b) => Math.round((b ?? 0) / 1024 / 1024);
  console.log(`RSS at rest: Trino ${mib(s.trino.rssBytes)} MiB, Nessie ${mib(s.nessie.rssBytes)} MiB, together ${mib((s.trino.rssBytes ?? 0) + (s.nessie.rssBytes ?? 0))} MiB`);
  await engine.close();
} finally {
  await sandboxDown({ dir });
  if (argDir < 0) rmSync(dir, { recursive: true, force: true });
}

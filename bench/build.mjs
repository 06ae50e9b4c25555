// Build figures (issue 5): statements sent per table model; tform's overhead for N trivial models with
// --threads 1 versus replaying exactly the SQL it sent with a bare sequential fetch loop (same run, same
// server); seed load rate for a 100k-row CSV. Part 1 needs no server; the rest reuses a running sandbox
// (default folder) or starts one and stops it. Run after `npm run build`.
// BENCH_MODELS (default 200), BENCH_SEED_ROWS (default 100000), BENCH_OFFLINE=1 to skip the sandbox parts.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryCatalog } from "../dist/catalog/memory-catalog.js";
import { RecordingEngine } from "../dist/engine/recording-engine.js";
import { runProject, seedProject } from "../dist/execute/run-project.js";
import { sandboxDown } from "../dist/sandbox/sandbox-down.js";
import { sandboxUp } from "../dist/sandbox/sandbox-up.js";

const MODELS = Number(process.env.BENCH_MODELS ?? 200);
const SEED_ROWS = Number(process.env.BENCH_SEED_ROWS ?? 100_000);

/** N trivial table models; every tenth reads the one before it, so the DAG has some depth. */
function writeProject(root, models) {
  mkdirSync(join(root, "models"), { recursive: true });
  mkdirSync(join(root, "seeds"), { recursive: true });
  writeFileSync(join(root, "dbt_project.yml"), "name: bench_build\nprofile: tform_sandbox\nmodels:\n  bench_build:\n    +materialized: table\n    +schema: bench\nseeds:\n  bench_build:\n    +schema: bench\n");
  for (let i = 0; i < models; i++) {
    const sql = i % 10 === 9 ? `select id + 1 as id from {{ ref('m${i - 1}') }}` : `select ${i} as id`;
    writeFileSync(join(root, "models", `m${i}.sql`), `${sql}\n`);
  }
}

function writeProfiles(dir, nessieUri, trinoPort, warehouseDir) {
  const profile = [
    "tform_sandbox:",
    "  target: bench",
    "  outputs:",
    "    bench:",
    "      type: trino",
    "      host: 127.0.0.1",
    `      port: ${trinoPort}`,
    "      user: tform",
    "      catalog: iceberg",
    "      schema: bench",
    "      threads: 1",
    "      nessie:",
    `        uri: ${nessieUri}`,
    "        default_branch: main",
    "      branch_catalog:",
    "        connector: iceberg",
    "        mode: native",
    "        properties:",
    '          iceberg.catalog.type: "nessie"',
    `          iceberg.nessie-catalog.uri: "${nessieUri}"`,
    '          iceberg.nessie-catalog.ref: "{branch}"',
    '          iceberg.nessie-catalog.default-warehouse-dir: "local:///"',
    '          fs.native-local.enabled: "true"',
    `          local.location: "${warehouseDir}"`,
  ].join("\n");
  writeFileSync(join(dir, "profiles.yml"), `${profile}\n`);
}

const root = mkdtempSync(join(tmpdir(), "tform-bench-build-"));
writeProject(root, MODELS);

// 1. statements per table model, from the SQL the recording engine captured
{
  const profilesDir = join(root, "offline");
  mkdirSync(profilesDir);
  writeProfiles(profilesDir, "http://127.0.0.1:1/api/v2", 1, "/tmp/none");
  const engine = new RecordingEngine();
  const result = await runProject({ projectDir: root, profilesDir, engine, catalog: new MemoryCatalog(), branch: "bench", snapshotIds: false });
  const writes = result.applied.results.reduce((n, r) => n + r.statements.length, 0);
  console.log(`statements per table model: ${(writes / MODELS).toFixed(2)} (${writes} for ${MODELS} models; goal 1, dbt-trino sends 4); plus ${engine.sql.length - writes} setup statements per run and, by default, 1 snapshot-id read per model`);
}

if (process.env.BENCH_OFFLINE === "1") process.exit(0);

// BENCH_TRINO_URL, BENCH_NESSIE_URI, BENCH_WAREHOUSE point at servers already running elsewhere
const up = process.env.BENCH_TRINO_URL
  ? { alreadyRunning: true, endpoints: { trinoUrl: process.env.BENCH_TRINO_URL, nessieUri: process.env.BENCH_NESSIE_URI }, paths: { warehouseDir: process.env.BENCH_WAREHOUSE } }
  : await sandboxUp({ dir: process.env.TFORM_SANDBOX_DIR, catalog: "native", onProgress: (m) => process.stderr.write(`[sandbox] ${m}\n`) });
const { trinoUrl, nessieUri } = up.endpoints;
const profilesDir = join(root, "sandbox");
mkdirSync(profilesDir);
writeProfiles(profilesDir, nessieUri, Number(new URL(trinoUrl).port), up.paths.warehouseDir);
const branch = `bench_build_${Date.now().toString(36)}`;

try {
  // 2. overhead: a warm-up run (creates branch, catalog, schema, tables), then the measured run, then its SQL replayed
  const warm = await runProject({ projectDir: root, profilesDir, branch, threads: 1 });
  if (!warm.success) throw new Error(`warm-up run failed: ${warm.applied.results.find((r) => r.error)?.message}`);
  let t0 = performance.now();
  const measured = await runProject({ projectDir: root, profilesDir, branch, threads: 1 });
  const tformMs = performance.now() - t0;
  const sent = [...measured.plan.setup.filter((s) => s.sql).map((s) => s.sql), ...measured.applied.results.flatMap((r) => r.statements.map((s) => s.sql))];
  t0 = performance.now();
  for (const sql of sent) await bareQuery(trinoUrl, sql);
  const bareMs = performance.now() - t0;
  console.log(`${MODELS} trivial table models, --threads 1: tform ${(tformMs / 1000).toFixed(2)} s (whole call: load, parse, plan, Nessie, ${sent.length} statements), bare replay of the same SQL ${(bareMs / 1000).toFixed(2)} s, ratio ${(tformMs / bareMs).toFixed(3)} (goal <= 1.10)`);

  // 3. seed load rate
  const header = "id,name,amount,day,active";
  const lines = Array.from({ length: SEED_ROWS }, (_, i) => `${i},customer ${i % 977},${(i * 1.37).toFixed(2)},2024-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")},${i % 2 === 0}`);
  writeFileSync(join(root, "seeds", "big_seed.csv"), `${header}\n${lines.join("\n")}\n`);
  t0 = performance.now();
  const seeded = await seedProject({ projectDir: root, profilesDir, branch });
  const seedMs = performance.now() - t0;
  const node = seeded.applied.results[0];
  if (node.status !== "success") throw new Error(node.message);
  console.log(`seed ${SEED_ROWS} rows x 5 columns: ${node.statements.length - 1} statements, ${(node.seconds).toFixed(2)} s on the engine = ${Math.round(SEED_ROWS / node.seconds)} rows/s (whole command ${(seedMs / 1000).toFixed(2)} s incl. CSV parse and plan)`);
} finally {
  await fetch(`${nessieUri}/trees/${branch}`).then(async (r) => {
    if (!r.ok) return;
    const hash = (await r.json()).reference.hash;
    await fetch(`${nessieUri}/trees/${encodeURIComponent(`${branch}@${hash}`)}`, { method: "DELETE" });
  });
  await bareQuery(trinoUrl, `DROP CATALOG IF EXISTS "iceberg__${branch}"`).catch(() => undefined);
  if (!up.alreadyRunning) await sandboxDown({ dir: process.env.TFORM_SANDBOX_DIR });
}

async function bareQuery(server, sql) {
  let res = await (await fetch(`${server}/v1/statement`, { method: "POST", body: sql, headers: { "X-Trino-User": "tform" } })).json();
  while (res.nextUri) res = await (await fetch(res.nextUri, { headers: { "X-Trino-User": "tform" } })).json();
  if (res.error) throw new Error(res.error.message);
}

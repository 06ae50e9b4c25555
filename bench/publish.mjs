// Publish figures on the sandbox: latency of publish() (checks + merge + tag) for a branch holding a
// few tables, and data-test run time through executeTest versus the same SQL sent by a bare fetch loop
// over Trino's protocol (ratio). Reuses a running sandbox (default folder) or starts one and stops it.
// Run after `npm run build`.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NessieCatalog } from "../dist/catalog/nessie/nessie-catalog.js";
import { TrinoEngine } from "../dist/engine/trino/trino-engine.js";
import { publish } from "../dist/publish/publish.js";
import { recordTestRun } from "../dist/publish/tested-hash.js";
import { sandboxDown } from "../dist/sandbox/sandbox-down.js";
import { sandboxUp } from "../dist/sandbox/sandbox-up.js";
import { nativeNessieCatalogProperties } from "../dist/sandbox/trino-config.js";
import { countAndSampleSql, executeTest } from "../dist/testing/execute-test.js";

const N = Number(process.env.BENCH_N ?? 10);
const TESTS = Number(process.env.BENCH_TESTS ?? 20);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const up = await sandboxUp({ catalog: "native", onProgress: (m) => process.stderr.write(`[sandbox] ${m}\n`) });
const { trinoUrl, nessieUri } = up.endpoints;
const engine = new TrinoEngine({ server: trinoUrl, user: "tform" });
const catalog = new NessieCatalog({ uri: nessieUri });
const root = mkdtempSync(join(tmpdir(), "tform-bench-publish-"));
const schema = `bench_pub_${Date.now().toString(36)}`;
const props = nativeNessieCatalogProperties(nessieUri, "{branch}", up.paths.warehouseDir);
const withList = (branch) => Object.entries(props).map(([k, v]) => `"${k}" = '${v.replace("{branch}", branch)}'`).join(", ");
const summary = { results: [], counts: { pass: 1, warn: 0, fail: 0, error: 0, skipped: 0 }, complete: true, passed: true };

try {
  await engine.execute(`create schema iceberg.${schema}`);
  const publishMs = [];
  for (let i = 0; i < N; i++) {
    const branch = `${schema}_b${i}`;
    await catalog.createBranch(branch, await catalog.getReference("main"));
    await engine.execute(`create catalog ${branch} using iceberg with (${withList(branch)})`);
    for (const t of ["bronze_orders", "silver_orders", "gold_revenue"]) await engine.execute(`create or replace table ${branch}.${schema}.${t} as select ${i} as x`);
    await recordTestRun({ catalog, projectRoot: root, targetPath: "target", branch, testedHash: (await catalog.getReference(branch)).hash, summary });
    const t0 = performance.now();
    await publish({ catalog, projectRoot: root, targetPath: "target", branch, provenance: { tformVersion: "bench", project: "bench" }, tag: `${branch}_release` });
    publishMs.push(performance.now() - t0);
    await engine.execute(`drop catalog ${branch}`);
  }
  console.log(`publish (checks + merge + tag), 3 tables: median ${median(publishMs).toFixed(1)} ms over ${N} (goal <= 300 ms)`);

  const sql = `select * from iceberg.${schema}.silver_orders where x is null`;
  const compiled = (i) => ({ uniqueId: `test.bench.t${i}`, compiledSql: sql, compiledPath: `target/compiled/bench/t${i}.sql`, relation: { database: "iceberg", schema: `${schema}_dbt_test__audit`, identifier: `t${i}` }, config: { enabled: true, materialized: "test", tags: [], pre_hook: [], post_hook: [] } });
  let t0 = performance.now();
  for (let i = 0; i < TESTS; i++) await executeTest({ engine, compiled: compiled(i), projectRoot: root });
  const tformMs = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < TESTS; i++) await bareQuery(trinoUrl, countAndSampleSql(sql, 5));
  const bareMs = performance.now() - t0;
  console.log(`${TESTS} tests sequential: tform ${tformMs.toFixed(0)} ms, bare fetch ${bareMs.toFixed(0)} ms, ratio ${(tformMs / bareMs).toFixed(2)}`);
} finally {
  await engine.close();
  if (!up.alreadyRunning) await sandboxDown({});
}

async function bareQuery(server, sql) {
  let res = await (await fetch(`${server}/v1/statement`, { method: "POST", body: sql, headers: { "X-Trino-User": "tform" } })).json();
  while (res.nextUri) res = await (await fetch(res.nextUri)).json();
  if (res.error) throw new Error(res.error.message);
}

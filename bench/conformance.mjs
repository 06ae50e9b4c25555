// dbt's adapter conformance scenarios ("basic" of dbt-tests-adapter), tform vs dbt-trino on the same REST sandbox:
// pass counts of both, per-scenario times, and the wall-time ratio tform/dbt-trino over the scenarios both passed.
// tform runs test/conformance through vitest (its setup starts the sandboxes when they are not up; they are kept for
// dbt and stopped at the end if this run started them). dbt-trino runs bench/conformance/ with pytest from a
// virtualenv outside the repo: TFORM_DBT_VENV (default ../dbt-venv beside the checkout) with
// `pip install "dbt-core~=1.11.0" "dbt-trino~=1.10.0" dbt-tests-adapter pytest`; without it only tform's side runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sandboxDown } from "../dist/sandbox/sandbox-down.js";
import { sandboxPaths } from "../dist/sandbox/sandbox-paths.js";
import { readSandboxState } from "../dist/sandbox/sandbox-state.js";

const root = resolve(new URL("..", import.meta.url).pathname);
const out = mkdtempSync(join(tmpdir(), "tform-bench-conformance-"));
const nativeDir = process.env.TFORM_SANDBOX_DIR ?? join(sandboxPaths().cacheDir, "sandbox-native");
const restDir = process.env.TFORM_REST_SANDBOX_DIR ?? `${nativeDir}-rest`;
const running = (dir) => {
  const s = readSandboxState(sandboxPaths({ dir }).stateFile);
  if (!s) return false;
  try {
    process.kill(s.trino.pid, 0);
    return true;
  } catch {
    return false;
  }
};
const wasUp = { native: running(nativeDir), rest: running(restDir) };

/** scenario → [tform's test title (prefix), dbt-trino's pytest class] */
const SCENARIOS = [
  ["simple materializations", "TestSimpleMaterializations"],
  ["singular tests: one passes", "TestSingularTests"],
  ["singular tests on an ephemeral", "TestSingularTestsEphemeral"],
  ["an empty project", "TestEmpty"],
  ["ephemeral:", "TestEphemeral"],
  ["incremental: the var-chosen", "TestIncremental"],
  ["incremental with on_schema_change", "TestIncrementalNotSchemaChange"],
  ["generic tests", "TestGenericTests"],
  ["snapshot check-cols", "TestSnapshotCheckCols"],
  ["snapshot timestamp", "TestSnapshotTimestamp"],
  ["table materialization", "TestTableMat"],
  ["adapter methods", "TestAdapterMethods"],
  ["validate connection", "TestValidateConnection"],
  ["case insensitivity", "TestUnitTestCaseInsensitivity"],
  ["invalid input", "TestUnitTestInvalidInput"],
  ["types: fixture values", "TestUnitTestingTypes"],
  ["varchar fixture values", "TestUnitTestingVarcharFixtureNoTruncation"],
  ["quoted reserved word", "TestUnitTestQuotedReservedWordColumnNames"],
];

const tformJson = join(out, "tform.json");
spawnSync("npx", ["vitest", "run", "--project", "integration", "test/conformance", "--reporter=json", `--outputFile=${tformJson}`], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, TFORM_KEEP_SANDBOX: "1" } });
const tform = new Map();
for (const file of JSON.parse(readFileSync(tformJson, "utf8")).testResults) {
  for (const t of file.assertionResults) tform.set(t.title, { passed: t.status === "passed", seconds: (t.duration ?? 0) / 1000 });
}

const venv = resolve(process.env.TFORM_DBT_VENV ?? join(root, "..", "dbt-venv"));
const dbt = new Map();
if (existsSync(join(venv, "bin", "python"))) {
  const port = readSandboxState(sandboxPaths({ dir: restDir }).stateFile)?.trino.port ?? 8090;
  const junit = join(out, "dbt.xml");
  spawnSync(join(venv, "bin", "python"), ["-m", "pytest", "-q", "-p", "no:cacheprovider", `--junitxml=${junit}`, "."], { cwd: join(root, "bench", "conformance"), stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, TFORM_BENCH_TRINO_PORT: String(port) } });
  for (const m of readFileSync(junit, "utf8").matchAll(/<testcase classname="[^"]*?(\w+)" name="[^"]*" time="([\d.]+)"(\s*\/>|>([\s\S]*?)<\/testcase>)/g)) {
    dbt.set(m[1], { passed: !/<(failure|error)/.test(m[4] ?? ""), seconds: Number(m[2]) });
  }
} else console.log(`dbt-trino: no virtualenv at ${venv} (set TFORM_DBT_VENV); only tform's side runs`);

const find = (prefix) => [...tform.entries()].find(([title]) => title.startsWith(prefix))?.[1];
const cell = (r) => (r === undefined ? "-".padEnd(12) : `${r.passed ? "pass" : "FAIL"} ${r.seconds.toFixed(1).padStart(6)}s`);
console.log(`${"scenario".padEnd(36)} ${"tform".padEnd(12)} ${"dbt-trino".padEnd(12)}`);
let both = [0, 0];
for (const [prefix, cls] of SCENARIOS) {
  const t = find(prefix);
  const d = dbt.get(cls);
  console.log(`${prefix.padEnd(36)} ${cell(t)} ${cell(d)}`);
  if (t?.passed && d?.passed) both = [both[0] + t.seconds, both[1] + d.seconds];
}
const passed = (m) => [...m.values()].filter((r) => r.passed).length;
console.log(`tform passes ${passed(tform)} of ${tform.size} conformance tests (${SCENARIOS.filter(([p]) => find(p)).length} of the ${SCENARIOS.length} shared scenarios ported)`);
if (dbt.size > 0) {
  console.log(`dbt-trino passes ${passed(dbt)} of ${dbt.size}`);
  if (both[1] > 0) console.log(`wall time over the scenarios both pass: tform ${both[0].toFixed(1)} s, dbt-trino ${both[1].toFixed(1)} s, ratio ${(both[0] / both[1]).toFixed(2)}`);
}
if (!wasUp.native) await sandboxDown({ dir: nativeDir });
if (!wasUp.rest) await sandboxDown({ dir: restDir });

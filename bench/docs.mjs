// `tform docs generate` and its page, on the example project and on a generated 10k-model project, against the
// running native sandbox's Trino (start it with `node bin/tform.js sandbox up`):
//   - docs generate wall time: cold (no target/) and warm (compile state reused, the median of 3);
//   - the page's load to interactive in headless chromium (Debian's, `apt-get install chromium`): from navigation
//     to the script's ready mark, and how long a search then takes to list results; goal ≤ 3 s for 10k;
//   - `dbt docs generate` on copies of the same projects, cold and warm, when the virtualenv exists
//     (TFORM_DBT_VENV, default ../dbt-venv beside the checkout); goal tform/dbt ≤ 0.2.
// The 10k project's relations are not built, so its catalog query finds nothing: what is measured is compile, the
// catalog round trip and the site. The example's tables are there once the demo (or a publish) has run.
//   node bench/docs.mjs [COUNT]     (default 10000; projects are generated under $TMPDIR)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { readSandboxState } from "../dist/sandbox/sandbox-state.js";
import { sandboxPaths } from "../dist/sandbox/sandbox-paths.js";
import { generateProject } from "./generate-project.mjs";

const root = path.resolve(new URL("..", import.meta.url).pathname);
const bin = path.join(root, "bin", "tform.js");
const count = Number(process.argv[2] ?? 10000);
const work = path.join(os.tmpdir(), "tform-bench", "docs");
const venv = path.resolve(process.env.TFORM_DBT_VENV ?? path.join(root, "..", "dbt-venv"));
const chromiumBin = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

// the demo's sandbox (TFORM_SANDBOX_DIR or the default folder), else the one the integration tests keep
const candidates = [sandboxPaths(), sandboxPaths({ dir: path.join(sandboxPaths().cacheDir, "sandbox-native") })];
const alive = (pid) => {
  try {
    return process.kill(pid, 0);
  } catch {
    return false;
  }
};
const paths = candidates.find((c) => alive(readSandboxState(c.stateFile)?.trino.pid) && existsSync(c.profilesFile));
if (!paths) {
  console.error(`bench docs: no sandbox in ${candidates.map((c) => c.sandboxDir).join(" or ")}; start it with \`node bin/tform.js sandbox up\``);
  process.exit(1);
}
const sandboxProfile = readFileSync(paths.profilesFile, "utf8");
const port = Number(/port: (\d+)/.exec(sandboxProfile)[1]);
const catalog = /catalog: (\w+)/.exec(sandboxProfile)[1];

function timed(cmd, args, cwd, env = process.env) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** A fresh copy of the project with its profile on the sandbox's Trino; returns [tform dir, dbt dir]. */
async function prepare(name, make, profile) {
  const base = path.join(work, name);
  rmSync(base, { recursive: true, force: true });
  const dirs = [path.join(base, "tform"), path.join(base, "dbt")];
  await make(dirs[0]);
  writeFileSync(path.join(dirs[0], "profiles.yml"), profile);
  cpSync(dirs[0], dirs[1], { recursive: true });
  return dirs;
}

const tformProfile = (name, schema) =>
  `${name}:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      host: 127.0.0.1\n      port: ${port}\n      user: tform\n      catalog: ${catalog}\n      schema: ${schema}\n      threads: 4\n`;
// dbt-trino's profile keys for the same server: no authentication (method none), plain http
const dbtProfile = (name, schema) =>
  `${name}:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      method: none\n      host: 127.0.0.1\n      port: ${port}\n      http_scheme: http\n      user: tform\n      database: ${catalog}\n      schema: ${schema}\n      threads: 4\n`;

async function pageTimes(file, query) {
  const browser = await chromium.launch({ executablePath: chromiumBin, headless: true, args: ["--no-sandbox"] });
  try {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const started = Date.now();
      await page.goto(`file://${file}`);
      await page.waitForSelector("html[data-ready=true]", { timeout: 60_000 });
      const ready = Date.now() - started;
      await page.fill("#search", query);
      await page.waitForSelector("#search-results li");
      runs.push({ ready, search: Date.now() - started - ready });
      await page.close();
    }
    return { ready: median(runs.map((r) => r.ready)), search: median(runs.map((r) => r.search)), all: runs.map((r) => r.ready) };
  } finally {
    await browser.close();
  }
}

console.log(`load average now: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores; Trino 127.0.0.1:${port}, catalog ${catalog}`);
const projects = [
  {
    label: "example",
    profileName: "lakehouse_shop",
    query: "gold_customer",
    make: async (dir) => cpSync(path.join(root, "example-project"), dir, { recursive: true, filter: (f) => !/\/(target|logs|dbt_packages)(\/|$)/.test(f.slice(root.length)) }),
    schema: "analytics",
  },
  {
    label: `${count} models`,
    profileName: "bench",
    query: `m${count - 1}`,
    make: (dir) => generateProject(dir, count),
    schema: "bench_docs",
  },
];
for (const p of projects) {
  const [tformDir, dbtDir] = await prepare(p.label.replace(/\W+/g, "-"), p.make, tformProfile(p.profileName, p.schema));
  const args = [bin, "docs", "generate", "--project-dir", tformDir, "--profiles-dir", tformDir];
  const cold = timed(process.execPath, args, tformDir);
  const warm = median([0, 1, 2].map(() => timed(process.execPath, args, tformDir)));
  const size = readFileSync(path.join(tformDir, "target", "docs", "index.html")).length;
  console.log(`tform docs generate ${p.label.padEnd(14)} cold ${s(cold)}, warm ${s(warm)} (median of 3); index.html ${(size / 1048576).toFixed(1)} MiB`);
  if (chromiumBin) {
    const page = await pageTimes(path.join(tformDir, "target", "docs", "index.html"), p.query);
    console.log(`  page load to interactive in headless chromium: ${s(page.ready)} (median of ${page.all.map((ms) => s(ms)).join(", ")}; goal ≤ 3 s at 10k); then search lists results in ${page.search} ms`);
  } else console.log("  no chromium (apt-get install chromium): page load not measured");
  if (existsSync(path.join(venv, "bin", "dbt"))) {
    const dbtProfiles = path.join(dbtDir, "dbt-profiles");
    mkdirSync(dbtProfiles, { recursive: true });
    writeFileSync(path.join(dbtProfiles, "profiles.yml"), dbtProfile(p.profileName, p.schema));
    const dbtArgs = ["docs", "generate", "--project-dir", dbtDir, "--profiles-dir", dbtProfiles];
    const env = { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: "false" };
    try {
      const dbtCold = timed(path.join(venv, "bin", "dbt"), dbtArgs, dbtDir, env);
      const dbtWarm = timed(path.join(venv, "bin", "dbt"), dbtArgs, dbtDir, env);
      console.log(`  dbt docs generate: cold ${s(dbtCold)}, warm ${s(dbtWarm)}; tform/dbt cold ${(cold / dbtCold).toFixed(2)}, warm ${(warm / dbtWarm).toFixed(2)} (goal ≤ 0.2)`);
    } catch (e) {
      console.log(`  dbt docs generate failed: ${String(e.message).split("\n").slice(0, 6).join(" | ")}`);
    }
  } else console.log(`  no dbt virtualenv at ${venv} (set TFORM_DBT_VENV): no comparison`);
}

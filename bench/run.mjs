// Runs benchmarks: `npm run bench` runs every bench script in bench/, `npm run bench -- compile render`
// runs the named ones. A bench script is any bench/*.mjs that no other bench file imports (those are
// helpers such as generators) and that is not this runner.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const dir = new URL("./", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".mjs") && f !== "run.mjs");
const imported = new Set(files.flatMap((f) => [...readFileSync(new URL(f, dir), "utf8").matchAll(/from\s+["']\.\/([\w.-]+\.mjs)["']/g)].map((m) => m[1])));
const scripts = files.filter((f) => !imported.has(f)).map((f) => f.replace(/\.mjs$/, ""));

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !scripts.includes(w));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(", ")}; available: ${scripts.join(", ")}`);
  process.exit(64);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : scripts) {
  console.log(`\n== bench ${name}`);
  const { status } = spawnSync(process.execPath, [new URL(`${name}.mjs`, dir).pathname], { stdio: "inherit" });
  if (status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);

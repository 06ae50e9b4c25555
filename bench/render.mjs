// Renderer benchmark: parse + compile of N generated models (default 10,000) in this process.
// Run after `npm run build`: node bench/render.mjs [count]. Prints one line per phase.
import { performance } from "node:perf_hooks";
import { generateProject, benchTarget } from "./render-project.mjs";

const dist = process.env.TFORM_DIST ?? new URL("../dist/", import.meta.url).href;
const { parseProject } = await import(`${dist}render/parse-project.js`);
const { compileNodes } = await import(`${dist}render/compile-node.js`);

const count = Number(process.argv[2] ?? 10_000);
const cache = process.env.TFORM_RENDER_CACHE !== "0";
const project = generateProject(count);
const run = { catalog: "lake_dev", invocationId: "bench", runStartedAt: new Date() };

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu();
const t0 = performance.now();
const parsed = await parseProject(project, benchTarget, { cache });
const t1 = performance.now();
const c1 = cpu();
const ids = [...parsed.nodes.keys()];
const compiled = await compileNodes(parsed, ids, run);
const t2 = performance.now();
const c2 = cpu();

const mb = (process.memoryUsage().rss / 2 ** 20).toFixed(0);
console.log(`render bench: ${count} models + ${project.tests.length} tests, cache ${cache ? "on" : "off"}`);
// CPU time next to wall time: the machine is shared, and CPU time is what other load does not inflate
console.log(`  parseProject   ${(t1 - t0).toFixed(0)} ms wall, ${(c1 - c0).toFixed(0)} ms cpu`);
console.log(`  compileNodes   ${(t2 - t1).toFixed(0)} ms wall, ${(c2 - c1).toFixed(0)} ms cpu (${compiled.length} nodes)`);
console.log(`  total          ${(t2 - t0).toFixed(0)} ms wall, ${(c2 - c0).toFixed(0)} ms cpu, rss ${mb} MiB`);

/**
 * Cold runs spend most of their time in nunjucks' parser and code generator, which is pure: the
 * templates missing from the cache are split between a worker thread and the main thread, so both
 * cores generate code at once.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type nunjucks from "nunjucks";
import { compileTemplateCode } from "./jinja-environment.js";
import type { TemplateCodeCache, TemplateJob } from "./template-code-cache.js";

/** Below this many templates a worker's start-up costs more than it saves. */
const WORKER_THRESHOLD = 400;

function runWorker(url: URL, jobs: readonly TemplateJob[]): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: jobs });
    worker.once("message", (m: [string, string][]) => resolve(m));
    worker.once("error", reject);
  });
}

export async function precompileTemplates(
  env: nunjucks.Environment,
  cache: TemplateCodeCache,
  templates: readonly { source: string; name: string }[],
): Promise<void> {
  const jobs = cache.missing(templates);
  const workerUrl = new URL("./template-compile-worker.js", import.meta.url);
  // under a TypeScript test runner the worker's .js file does not exist: compile everything here
  // TFORM_RENDER_WORKERS=0 turns the worker off (for benchmarks comparing both ways)
  if (
    jobs.length < WORKER_THRESHOLD ||
    process.env.TFORM_RENDER_WORKERS === "0" ||
    !existsSync(fileURLToPath(workerUrl))
  )
    return;
  const half = Math.floor(jobs.length / 2);
  const fromWorker = runWorker(workerUrl, jobs.slice(half)).catch(() => [] as [string, string][]);
  for (const job of jobs.slice(0, half)) {
    try {
      cache.add(job.key, compileTemplateCode(env, job.source, job.name));
    } catch {
      // syntax errors are raised, located, when the node is parsed
    }
  }
  for (const [key, code] of await fromWorker) cache.add(key, code);
  cache.loadFresh();
}

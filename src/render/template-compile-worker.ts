/** Worker thread: generates template code for a list of templates (pure: source in, code out). */
import { parentPort, workerData } from "node:worker_threads";
import { compileTemplateCode, createJinjaEnvironment } from "./jinja-environment.js";

interface Job {
  readonly key: string;
  readonly source: string;
  readonly name: string;
}

const env = createJinjaEnvironment();
const out: [string, string][] = [];
for (const job of workerData as Job[]) {
  // a template that does not compile is left to the main thread, which reports it with its location
  try {
    out.push([job.key, compileTemplateCode(env, job.source, job.name)]);
  } catch {
    /* reported by the main thread */
  }
}
parentPort!.postMessage(out);

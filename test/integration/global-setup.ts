import type { TestProject } from "vitest/node";
import { join } from "node:path";
import { sandboxDown } from "../../src/sandbox/sandbox-down.js";
import { sandboxPaths } from "../../src/sandbox/sandbox-paths.js";
import { sandboxUp } from "../../src/sandbox/sandbox-up.js";
import { startRestSandbox } from "./rest-sandbox-setup.js";
import type { SandboxInfo } from "./sandbox-harness.js";

/**
 * Starts the sandbox once for the integration tests, unless it is already up, and stops it at the end
 * only if it started it here (TFORM_KEEP_SANDBOX=1 keeps it). If it cannot start, the run fails: the
 * integration tests never skip silently.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // a folder of its own: `tform sandbox up`'s default folder holds a REST-mode lakehouse, one mode per folder
  const dir = process.env["TFORM_SANDBOX_DIR"] ?? join(sandboxPaths().cacheDir, "sandbox-native");
  // the REST-mode sandbox starts alongside (its own folder and ports); awaited after the native one
  const rest = startRestSandbox().then(
    (r) => ({ ok: r }),
    (e: unknown) => ({ error: e }),
  );
  let result;
  try {
    result = await sandboxUp({ dir, catalog: "native", onProgress: (m) => process.stderr.write(`[sandbox] ${m}\n`) });
  } catch (e) {
    await rest.then((r) => ("ok" in r ? r.ok.teardown() : undefined));
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(
      `The integration tests need the local Trino + Nessie, and the sandbox could not start:\n${why}\n` +
        "Start it by hand to see what is wrong: `npm run build && node bin/tform.js sandbox up` (logs: `node bin/tform.js sandbox logs`). " +
        "Run only the unit tests with `npm run test:unit`.",
    );
  }
  process.stderr.write(
    `[sandbox] ${result.alreadyRunning ? "reusing running" : `started in ${result.seconds.toFixed(1)} s:`} Trino ${result.endpoints.trinoUrl}, Nessie ${result.endpoints.nessieUri}\n`,
  );
  const info: SandboxInfo = {
    trinoUrl: result.endpoints.trinoUrl,
    nessieUri: result.endpoints.nessieUri,
    sandboxDir: result.paths.sandboxDir,
    warehouseDir: result.paths.warehouseDir,
    profilesFile: result.profilesFile,
    trinoVersion: result.state.trino.version,
    nessieVersion: result.state.nessie.version,
  };
  project.provide("sandbox", info);
  const startedHere = !result.alreadyRunning;
  const restResult = await rest;
  if ("error" in restResult) {
    if (startedHere && process.env["TFORM_KEEP_SANDBOX"] !== "1") await sandboxDown({ dir });
    throw restResult.error;
  }
  project.provide("restSandbox", restResult.ok.info);
  return async () => {
    if (startedHere && process.env["TFORM_KEEP_SANDBOX"] !== "1") await sandboxDown({ dir });
    await restResult.ok.teardown();
  };
}

import { stopCatalogServices } from "./catalog-services.js";
import { sandboxPaths, type SandboxLocation } from "./sandbox-paths.js";
import { stopProcess } from "./sandbox-process.js";
import { processMarkers, readSandboxState } from "./sandbox-state.js";

export interface SandboxDownResult {
  /** servers that were running and are now stopped */
  readonly stopped: readonly ("trino" | "nessie" | "s3" | "postgres")[];
  /** false when no state file was found (nothing of ours to stop) */
  readonly hadState: boolean;
}

/** Stops exactly the processes `up` recorded (checked by command line, so a reused pid is left alone). Data is kept. */
export async function sandboxDown(options: SandboxLocation = {}): Promise<SandboxDownResult> {
  const paths = sandboxPaths(options);
  const state = readSandboxState(paths.stateFile);
  if (!state) return { stopped: [], hadState: false };
  const markers = processMarkers(state);
  const [trino, nessie] = await Promise.all([
    stopProcess(state.trino.pid, markers.trino),
    stopProcess(state.nessie.pid, markers.nessie),
  ]);
  // after Trino and Nessie, which use them
  const services = await stopCatalogServices(state.services);
  return {
    stopped: [...(trino ? ["trino" as const] : []), ...(nessie ? ["nessie" as const] : []), ...services],
    hadState: true,
  };
}

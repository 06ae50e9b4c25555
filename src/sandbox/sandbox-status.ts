import { existsSync, readdirSync, lstatSync } from "node:fs";
import { join } from "node:path";
import { NESSIE_VERSION, TRINO_VERSION } from "./sandbox-artifacts.js";
import { nessieReady, trinoReady } from "./sandbox-health.js";
import { sandboxPaths, type SandboxLocation, type SandboxPaths } from "./sandbox-paths.js";
import { S3PROXY_VERSION, storeAnswers } from "./object-store.js";
import { portOwner } from "./port-owner.js";
import { isOurProcess, residentBytes } from "./sandbox-process.js";
import { processMarkers, readSandboxState } from "./sandbox-state.js";
import { sandboxEndpoints, type SandboxEndpoints } from "./sandbox-up.js";

export interface ServerStatus {
  readonly running: boolean;
  readonly ready: boolean;
  readonly pid?: number;
  readonly port?: number;
  readonly version: string;
  readonly rssBytes?: number;
}

export interface SandboxStatus {
  readonly trino: ServerStatus;
  readonly nessie: ServerStatus;
  /** the REST mode's S3-compatible store: what Trino and Nessie write to */
  readonly objectStore?: ServerStatus & { readonly endpoint: string; readonly dataDir: string };
  readonly endpoints?: SandboxEndpoints;
  readonly paths: SandboxPaths;
  readonly startedAt?: string;
  /** bytes under the sandbox folder (data, store, warehouse, logs) */
  readonly diskBytes: number;
}

/** Bytes used by a folder tree (symlinks not followed). */
export function diskUsage(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) total += diskUsage(full);
    else if (entry.isFile()) total += lstatSync(full).size;
  }
  return total;
}

export async function sandboxStatus(options: SandboxLocation = {}): Promise<SandboxStatus> {
  const paths = sandboxPaths(options);
  const state = readSandboxState(paths.stateFile);
  const diskBytes = diskUsage(paths.sandboxDir);
  if (!state)
    return {
      trino: { running: false, ready: false, version: TRINO_VERSION },
      nessie: { running: false, ready: false, version: NESSIE_VERSION },
      paths,
      diskBytes,
    };
  const markers = processMarkers(state);
  const trinoRunning = isOurProcess(state.trino.pid, markers.trino);
  const nessieRunning = isOurProcess(state.nessie.pid, markers.nessie);
  const store = state.services?.objectStore;
  const storeRunning = store !== undefined && isOurProcess(store.pid, store.marker);
  const endpoint = `http://127.0.0.1:${store?.port}`;
  return {
    trino: {
      running: trinoRunning,
      ready: trinoRunning && (await trinoReady(state.trino.port)) !== undefined,
      pid: state.trino.pid,
      port: state.trino.port,
      version: state.trino.version,
      rssBytes: trinoRunning ? residentBytes(state.trino.pid) : undefined,
    },
    nessie: {
      running: nessieRunning,
      ready: nessieRunning && (await nessieReady(state.nessie.port)) !== undefined,
      pid: state.nessie.pid,
      port: state.nessie.port,
      version: state.nessie.version,
      rssBytes: nessieRunning ? residentBytes(state.nessie.pid) : undefined,
    },
    objectStore: store && {
      running: storeRunning,
      // ready only when our S3Proxy holds the port: a stranger answering there would receive the writes
      ready: storeRunning && portOwner(store.pid, store.port).kind !== "other" && (await storeAnswers(endpoint)),
      pid: store.pid,
      port: store.port,
      version: S3PROXY_VERSION,
      rssBytes: storeRunning ? residentBytes(store.pid) : undefined,
      endpoint,
      dataDir: store.dataDir,
    },
    endpoints: sandboxEndpoints(state),
    paths,
    startedAt: state.startedAt,
    diskBytes,
  };
}

import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where the sandbox keeps downloads, unpacked servers and its running state. */
export interface SandboxPaths {
  /** shared cache of downloads and unpacked servers (TFORM_CACHE_DIR, default ~/.cache/tform) */
  readonly cacheDir: string;
  readonly downloadDir: string;
  /** one sandbox's data: state file, Trino etc/ and data, Nessie store, warehouse, logs */
  readonly sandboxDir: string;
  readonly stateFile: string;
  readonly profilesFile: string;
  readonly trinoEtcDir: string;
  readonly trinoDataDir: string;
  readonly trinoLog: string;
  readonly nessieStoreDir: string;
  readonly nessieLog: string;
  readonly warehouseDir: string;
}

export interface SandboxLocation {
  /** the sandbox folder (default <cacheDir>/sandbox) */
  readonly dir?: string;
  readonly cacheDir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export function sandboxPaths(location: SandboxLocation = {}): SandboxPaths {
  const env = location.env ?? process.env;
  const cacheDir = resolve(location.cacheDir ?? env["TFORM_CACHE_DIR"] ?? join(homedir(), ".cache", "tform"));
  const sandboxDir = resolve(location.dir ?? env["TFORM_SANDBOX_DIR"] ?? join(cacheDir, "sandbox"));
  return {
    cacheDir,
    downloadDir: join(cacheDir, "dl"),
    sandboxDir,
    stateFile: join(sandboxDir, "state.json"),
    profilesFile: join(sandboxDir, "profiles.yml"),
    trinoEtcDir: join(sandboxDir, "trino", "etc"),
    trinoDataDir: join(sandboxDir, "trino", "data"),
    trinoLog: join(sandboxDir, "trino", "server.log"),
    nessieStoreDir: join(sandboxDir, "nessie", "rocksdb"),
    nessieLog: join(sandboxDir, "nessie", "server.log"),
    warehouseDir: join(sandboxDir, "warehouse"),
  };
}

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { CatalogServicesState } from "./catalog-services.js";

/** What `up` started, written beside the data so `down`/`status` find exactly those processes. */
export interface SandboxState {
  readonly format: 1;
  readonly startedAt: string;
  readonly sandboxDir: string;
  readonly trino: {
    readonly pid: number;
    readonly port: number;
    readonly version: string;
    readonly home: string;
    readonly javaHome: string;
  };
  readonly nessie: {
    readonly pid: number;
    readonly port: number;
    readonly managementPort: number;
    readonly version: string;
    readonly jar: string;
    readonly javaHome: string;
  };
  /** the catalog mode and the extra servers it started (S3 store, PostgreSQL); absent: native mode */
  readonly services?: CatalogServicesState;
}

export function readSandboxState(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as SandboxState;
    return state.format === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}

export function writeSandboxState(file: string, state: SandboxState): void {
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** The text each server's command line carries, so a pid is only ever ours if it has it. */
export function processMarkers(state: Pick<SandboxState, "sandboxDir">): { trino: string; nessie: string } {
  return {
    trino: `-Dconfig=${state.sandboxDir}/trino/etc/config.properties`,
    nessie: `-Dnessie.version.store.persist.rocks.database-path=${state.sandboxDir}/nessie/rocksdb`,
  };
}

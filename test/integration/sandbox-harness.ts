/** Shared helpers for integration tests: the running sandbox's endpoints, clients, unique names. */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { NessieCatalog } from "../../src/catalog/nessie/nessie-catalog.js";
import { TrinoEngine } from "../../src/engine/trino/trino-engine.js";
import { nativeNessieCatalogProperties } from "../../src/sandbox/trino-config.js";

export interface SandboxInfo {
  readonly trinoUrl: string;
  /** Nessie API v2 base, e.g. http://127.0.0.1:19120/api/v2 */
  readonly nessieUri: string;
  readonly sandboxDir: string;
  readonly warehouseDir: string;
  /** profiles.yml with profiles `tform_sandbox` and `lakehouse_shop`, target `sandbox` */
  readonly profilesFile: string;
  readonly trinoVersion: string;
  readonly nessieVersion: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    sandbox: SandboxInfo;
  }
}

export function sandbox(): SandboxInfo {
  const info = inject("sandbox");
  if (!info)
    throw new Error(
      "No sandbox endpoints: run integration tests through vitest's `integration` project (npm test), whose global setup starts `tform sandbox`.",
    );
  return info;
}

/** The lakehouse catalog on main in the sandbox's Trino. */
export const MAIN_CATALOG = "iceberg";

export function trinoEngine(): TrinoEngine {
  return new TrinoEngine({ server: sandbox().trinoUrl, user: "tform" });
}

export function nessieCatalog(): NessieCatalog {
  return new NessieCatalog({ uri: sandbox().nessieUri });
}

/** A name no earlier run used: the sandbox keeps its data across runs. Lower case, SQL-safe. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

/** `CREATE CATALOG <name> USING iceberg WITH (...)` bound to a Nessie branch, as tform does at run time. */
export function createBranchCatalogSql(catalogName: string, branch: string): string {
  const props = nativeNessieCatalogProperties(sandbox().nessieUri, branch, sandbox().warehouseDir);
  const withList = Object.entries(props)
    .map(([k, v]) => `"${k}" = '${v.replace(/'/g, "''")}'`)
    .join(", ");
  return `CREATE CATALOG ${catalogName} USING iceberg WITH (${withList})`;
}

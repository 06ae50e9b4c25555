/** Helpers for tests on the REST-mode sandbox: clients, the branch catalog statement, unique names. */
import { inject } from "vitest";
import { NessieCatalog } from "../../src/catalog/nessie/nessie-catalog.js";
import { TrinoEngine } from "../../src/engine/trino/trino-engine.js";
import { restCatalogProperties } from "../../src/sandbox/rest-catalog.js";
import type { RestSandboxInfo } from "./rest-sandbox-setup.js";

export { uniqueName } from "./sandbox-harness.js";

/** The REST-mode lakehouse catalog on main. */
export const REST_MAIN_CATALOG = "iceberg";

export function restSandbox(): RestSandboxInfo {
  const info = inject("restSandbox");
  if (!info)
    throw new Error(
      "No REST sandbox: run integration tests through vitest's `integration` project (npm test), whose global setup starts it.",
    );
  return info;
}

export function restEngine(): TrinoEngine {
  return new TrinoEngine({ server: restSandbox().trinoUrl, user: "tform" });
}

export function restCatalog(): NessieCatalog {
  return new NessieCatalog({ uri: restSandbox().nessieUri });
}

/** `CREATE CATALOG` bound to a branch through Nessie's Iceberg REST, as tform does from the sandbox profile. */
export function createRestBranchCatalogSql(catalogName: string, ref: string): string {
  const props = restCatalogProperties({
    icebergUri: restSandbox().icebergUri,
    ref,
    s3Endpoint: restSandbox().s3Endpoint,
  });
  const withList = Object.entries(props)
    .map(([k, v]) => `"${k}" = '${v.replace(/'/g, "''")}'`)
    .join(", ");
  return `CREATE CATALOG ${catalogName} USING iceberg WITH (${withList})`;
}

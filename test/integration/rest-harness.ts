/** Helpers for tests on the REST-mode sandbox: clients, the branch catalog statement, unique names. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { loadTarget } from "../../src/project/load-target.js";
import type { Target } from "../../src/project/types.js";
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

/** Writes the REST sandbox's profiles.yml into `dir` with every target building into `schema` (a schema of the test's own). */
export function writeRestProfile(dir: string, schema: string): void {
  writeFileSync(
    join(dir, "profiles.yml"),
    readFileSync(restSandbox().profilesFile, "utf8").replace(/^(\s+schema:) analytics$/gm, `$1 ${schema}`),
  );
}

/** writeRestProfile, then the `lakehouse_shop` profile's `sandbox` target as tform loads it. */
export function restTargetIn(dir: string, schema: string): Promise<Target> {
  writeRestProfile(dir, schema);
  return loadTarget({ projectDir: dir, profileName: "lakehouse_shop", profilesDir: dir, targetName: "sandbox" });
}

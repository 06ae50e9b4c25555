/**
 * A second sandbox in REST mode (Nessie's Iceberg REST on a local S3 store) with the branchless
 * `plain` JDBC catalog, for the REST, view, plain-catalog and per-layer tests. It lives in its own
 * folder (one catalog mode per folder) beside the native sandbox and is started with it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { sandboxDown } from "../../src/sandbox/sandbox-down.js";
import { sandboxPaths } from "../../src/sandbox/sandbox-paths.js";
import { sandboxUp } from "../../src/sandbox/sandbox-up.js";

export interface RestSandboxInfo {
  readonly trinoUrl: string;
  /** Nessie API v2 base */
  readonly nessieUri: string;
  /** Nessie's Iceberg REST base */
  readonly icebergUri: string;
  readonly s3Endpoint: string;
  /** folder whose sub-folders are the S3 buckets */
  readonly s3DataDir: string;
  /** S3Proxy's properties (0600), the only file holding the S3 keys */
  readonly s3PropertiesFile: string;
  readonly sandboxDir: string;
  readonly trinoLog: string;
  readonly nessieLog: string;
  readonly trinoCatalogDir: string;
  readonly profilesFile: string;
  /** the Trino catalog of the branchless JDBC catalog */
  readonly plainCatalog: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    restSandbox: RestSandboxInfo;
  }
}

export function restSandboxDir(): string {
  return process.env["TFORM_REST_SANDBOX_DIR"] ?? `${sandboxPaths().sandboxDir}-rest`;
}

/**
 * The plain catalog needs PostgreSQL's server, which a fresh machine lacks. So that `npm test` passes
 * there by itself, the test run installs Debian's package when it runs as root (as CI does); the
 * sandbox library itself never installs system packages, it says what to install.
 */
function ensurePostgresServer(): void {
  const root = "/usr/lib/postgresql";
  const present = existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, "bin", "pg_ctl")));
  if (present || process.getuid?.() !== 0) return;
  process.stderr.write(
    "[rest sandbox] installing the PostgreSQL server (apt-get install postgresql) for the plain catalog\n",
  );
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "postgresql"], { stdio: "inherit", env });
}

/** Starts (or reuses) the REST sandbox; `teardown` stops it only if this call started it. */
export async function startRestSandbox(): Promise<{ info: RestSandboxInfo; teardown: () => Promise<void> }> {
  const dir = restSandboxDir();
  let result;
  try {
    ensurePostgresServer();
    result = await sandboxUp({
      dir,
      catalog: "rest",
      plain: true,
      trinoPort: 8090,
      nessiePort: 19150,
      onProgress: (m) => process.stderr.write(`[rest sandbox] ${m}\n`),
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(
      `The REST-mode integration tests need a sandbox in REST mode with the plain catalog (S3Proxy, Nessie's Iceberg REST, PostgreSQL), and it could not start:\n${why}\n` +
        `Start it by hand to see what is wrong: \`node bin/tform.js sandbox up --catalog rest --with-plain --dir ${dir}\`. PostgreSQL's server comes from \`apt-get install -y postgresql\`.`,
    );
  }
  const services = result.state.services;
  if (!services?.objectStore || !services.postgres)
    throw new Error(
      `The sandbox in ${dir} runs without the S3 store or PostgreSQL; stop it (\`tform sandbox down --dir ${dir}\`) and run the tests again.`,
    );
  process.stderr.write(
    `[rest sandbox] ${result.alreadyRunning ? "reusing running" : `started in ${result.seconds.toFixed(1)} s:`} Trino ${result.endpoints.trinoUrl}, Nessie ${result.endpoints.nessieUri}\n`,
  );
  const info: RestSandboxInfo = {
    trinoUrl: result.endpoints.trinoUrl,
    nessieUri: result.endpoints.nessieUri,
    icebergUri: result.endpoints.nessieUri.replace(/\/api\/v2$/, "/iceberg"),
    s3Endpoint: `http://127.0.0.1:${services.objectStore.port}`,
    s3DataDir: services.objectStore.dataDir,
    s3PropertiesFile: services.objectStore.marker,
    sandboxDir: result.paths.sandboxDir,
    trinoLog: result.paths.trinoLog,
    nessieLog: result.paths.nessieLog,
    trinoCatalogDir: join(result.paths.trinoEtcDir, "catalog"),
    profilesFile: result.profilesFile,
    plainCatalog: "plain",
  };
  const startedHere = !result.alreadyRunning;
  return {
    info,
    teardown: async () => {
      if (startedHere && process.env["TFORM_KEEP_SANDBOX"] !== "1") await sandboxDown({ dir });
    },
  };
}

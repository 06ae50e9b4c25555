import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { registerSecret, SandboxError } from "../errors.js";
import { findFreePort } from "./free-port.js";
import { startObjectStore, stopObjectStore } from "./object-store.js";
import { ICEBERG_JDBC_SCHEMA_SQL, jdbcCatalogProperties } from "./plain-catalog.js";
import { startPostgres, stopPostgres } from "./postgres-server.js";
import { nessieRestServerProperties, nessieS3SecretEnv, restCatalogProperties, trinoS3Env } from "./rest-catalog.js";
import { nativeNessieCatalogProperties } from "./trino-config.js";

/**
 * How the sandbox's lakehouse catalog works: `native` (Trino's Nessie catalog on local files; no
 * views) or `rest` (Nessie's Iceberg REST over a local S3-compatible store; views work). With
 * `plain`, a branchless JDBC catalog on a private PostgreSQL is served beside it as catalog `plain`.
 */
export type SandboxCatalogMode = "native" | "rest";

/** Buckets of the sandbox's S3 store: the default warehouse, and one per layer for per-layer storage. */
export const SANDBOX_BUCKETS = ["warehouse", "bronze", "silver", "gold"] as const;

/** The Trino catalog name of the branchless JDBC catalog. */
export const PLAIN_CATALOG = "plain";

/** What the extra servers are, recorded in the sandbox state so `down` stops exactly them. */
export interface CatalogServicesState {
  readonly mode: SandboxCatalogMode;
  readonly objectStore?: {
    readonly pid: number;
    readonly port: number;
    readonly marker: string;
    readonly dataDir: string;
  };
  readonly postgres?: {
    readonly pid: number;
    readonly port: number;
    readonly dataDir: string;
    readonly binDir: string;
    readonly marker: string;
    readonly jdbcUrl: string;
  };
}

export interface CatalogServicesInput {
  readonly mode: SandboxCatalogMode;
  readonly plain: boolean;
  readonly sandboxDir: string;
  readonly warehouseDir: string;
  /** Nessie API v2 base the servers will use */
  readonly nessieUri: string;
  /** a Java 17+ for S3Proxy */
  readonly java: string;
  readonly s3proxyJar: string;
  /** ports already given to Trino and Nessie */
  readonly takenPorts: readonly number[];
}

export interface CatalogServices {
  readonly state: CatalogServicesState;
  /** extra `-Dk=v` for Nessie and extra environment for Nessie and Trino (keys live only there) */
  readonly nessieArgs: readonly string[];
  readonly nessieEnv: Readonly<Record<string, string>>;
  readonly trinoEnv: Readonly<Record<string, string>>;
  /** properties of the static `iceberg` catalog (Nessie main) */
  readonly mainCatalog: Readonly<Record<string, string>>;
  /** other static catalogs by name, e.g. `plain` */
  readonly extraCatalogs: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** the profile's branch catalog template (`{branch}` in it) */
  readonly branchCatalog: { readonly mode: SandboxCatalogMode; readonly properties: Readonly<Record<string, string>> };
}

/**
 * PostgreSQL will not run as root and runs as the `postgres` user instead, which cannot enter root's
 * home where the sandbox usually lives; as root its cluster goes under /var/tmp (kept across reboots).
 */
export function postgresDir(sandboxDir: string): string {
  if (process.getuid?.() !== 0) return join(sandboxDir, "postgres");
  return join("/var/tmp/tform-postgres", createHash("sha1").update(sandboxDir).digest("hex").slice(0, 12));
}

/**
 * One sandbox folder holds one mode: Nessie's store keeps table metadata locations, `local:///…` in
 * native mode and `s3://…` in REST mode, and neither Trino catalog reads the other's. The first start
 * records the mode; a start in the other mode is refused instead of showing half-readable tables.
 */
export function claimCatalogMode(sandboxDir: string, mode: SandboxCatalogMode): void {
  const file = join(sandboxDir, "catalog-mode");
  const recorded = recordedCatalogMode(sandboxDir);
  if (recorded && recorded !== mode) {
    throw new SandboxError(
      "TF808",
      `The sandbox in ${sandboxDir} holds a ${recorded}-mode lakehouse; it cannot start in ${mode} mode.`,
      {
        hint: `Start it with \`--catalog ${recorded}\`, or use another folder for ${mode} mode (\`--dir\`), or delete ${sandboxDir} to start afresh.`,
      },
    );
  }
  mkdirSync(sandboxDir, { recursive: true });
  writeFileSync(file, `${mode}\n`);
}

/** The mode a sandbox folder was first started in; undefined for a new folder. */
export function recordedCatalogMode(sandboxDir: string): SandboxCatalogMode | undefined {
  const file = join(sandboxDir, "catalog-mode");
  if (existsSync(file)) return readFileSync(file, "utf8").trim() === "rest" ? "rest" : "native";
  // a store from before modes were recorded was made in native mode
  return existsSync(join(sandboxDir, "nessie", "rocksdb")) ? "native" : undefined;
}

/** Starts what the mode needs beyond Trino and Nessie, and returns how to configure those two. */
export async function startCatalogServices(input: CatalogServicesInput): Promise<CatalogServices> {
  claimCatalogMode(input.sandboxDir, input.mode);
  const icebergUri = input.nessieUri.replace(/\/api\/v2\/?$/, "/iceberg");
  let state: CatalogServicesState = { mode: input.mode };
  let nessieArgs: string[] = [];
  let nessieEnv: Record<string, string> = {};
  let trinoEnv: Record<string, string> = {};
  let mainCatalog = nativeNessieCatalogProperties(input.nessieUri, "main", input.warehouseDir);
  let branchProps = nativeNessieCatalogProperties(input.nessieUri, "{branch}", input.warehouseDir);
  const extraCatalogs: Record<string, Record<string, string>> = {};

  try {
    if (input.mode === "rest") {
      // fresh keys on every start: S3Proxy keeps no users, so nothing needs to remember them
      const credentials = {
        accessKey: `tform${randomBytes(6).toString("hex")}`,
        secretKey: randomBytes(24).toString("hex"),
      };
      registerSecret(credentials.secretKey);
      const dir = join(input.sandboxDir, "s3");
      const port = await findFreePort(9000, input.takenPorts);
      const store = await startObjectStore({
        jar: input.s3proxyJar,
        java: input.java,
        port,
        dir,
        logFile: join(dir, "server.log"),
        credentials,
        buckets: SANDBOX_BUCKETS,
      });
      state = {
        ...state,
        objectStore: { pid: store.pid, port: store.port, marker: store.marker, dataDir: store.dataDir },
      };
      const server = nessieRestServerProperties({ s3Endpoint: store.endpoint, warehouseLocation: "s3://warehouse/" });
      nessieArgs = Object.entries(server).map(([k, v]) => `-D${k}=${v}`);
      nessieEnv = nessieS3SecretEnv(credentials);
      trinoEnv = trinoS3Env(credentials);
      mainCatalog = restCatalogProperties({ icebergUri, ref: "main", s3Endpoint: store.endpoint });
      branchProps = restCatalogProperties({ icebergUri, ref: "{branch}", s3Endpoint: store.endpoint });
    }
    if (input.plain) {
      const port = await findFreePort(15432, [
        ...input.takenPorts,
        ...(state.objectStore ? [state.objectStore.port] : []),
      ]);
      const pg = await startPostgres({
        dir: postgresDir(input.sandboxDir),
        port,
        database: "iceberg",
        user: "tform",
        initSql: ICEBERG_JDBC_SCHEMA_SQL,
      });
      state = {
        ...state,
        postgres: {
          pid: pg.pid,
          port: pg.port,
          dataDir: pg.dataDir,
          binDir: pg.binDir,
          marker: pg.marker,
          jdbcUrl: pg.jdbcUrl,
        },
      };
      const warehouseDir = join(input.sandboxDir, "plain-warehouse");
      // Trino refuses to load a catalog whose local.location does not exist
      mkdirSync(warehouseDir, { recursive: true });
      extraCatalogs[PLAIN_CATALOG] = jdbcCatalogProperties({
        jdbcUrl: pg.jdbcUrl,
        user: pg.user,
        catalogName: "tform",
        warehouseDir,
      });
    }
  } catch (e) {
    await stopCatalogServices(state);
    throw e;
  }
  return {
    state,
    nessieArgs,
    nessieEnv,
    trinoEnv,
    mainCatalog,
    extraCatalogs,
    branchCatalog: { mode: input.mode, properties: branchProps },
  };
}

/** What the sandbox's profile says about catalogs, from the recorded state (also when `up` finds it running). */
export function sandboxProfileCatalogs(
  state: CatalogServicesState | undefined,
  nessieUri: string,
  warehouseDir: string,
): { branchCatalog: CatalogServices["branchCatalog"]; plainCatalog?: string } {
  const store = state?.mode === "rest" ? state.objectStore : undefined;
  const properties = store
    ? restCatalogProperties({
        icebergUri: nessieUri.replace(/\/api\/v2\/?$/, "/iceberg"),
        ref: "{branch}",
        s3Endpoint: `http://127.0.0.1:${store.port}`,
      })
    : nativeNessieCatalogProperties(nessieUri, "{branch}", warehouseDir);
  return {
    branchCatalog: { mode: store ? "rest" : "native", properties },
    ...(state?.postgres ? { plainCatalog: PLAIN_CATALOG } : {}),
  };
}

/** Stops the servers `state` records, if still ours; returns their names. Data is kept. */
export async function stopCatalogServices(state: CatalogServicesState | undefined): Promise<("s3" | "postgres")[]> {
  const stopped: ("s3" | "postgres")[] = [];
  if (state?.objectStore && (await stopObjectStore(state.objectStore))) stopped.push("s3");
  if (state?.postgres && (await stopPostgres(state.postgres))) stopped.push("postgres");
  return stopped;
}

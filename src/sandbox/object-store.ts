import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SandboxError } from "../errors.js";
import type { Artifact } from "./sandbox-artifacts.js";
import { tailFile } from "./sandbox-logs.js";
import { describeOther, portOwner } from "./port-owner.js";
import { isOurProcess, startDetached, stopProcess } from "./sandbox-process.js";

/**
 * The sandbox's S3-compatible store: S3Proxy over a local folder (each sub-folder is a bucket).
 * Chosen because it is a single jar on Maven Central (fetched like Trino and Nessie, no Python or
 * Docker), released in 2026 (3.1.0) and maintained; it starts in about a second with a 256 MB heap.
 */
export const S3PROXY_VERSION = "3.1.0";

export const S3PROXY_ARTIFACT = {
  groupId: "org.gaul",
  artifactId: "s3proxy",
  version: S3PROXY_VERSION,
  type: "jar",
  classifier: "jar-with-dependencies",
} as const satisfies Artifact;

export interface S3Credentials {
  readonly accessKey: string;
  readonly secretKey: string;
}

export interface ObjectStoreOptions {
  /** S3Proxy's jar-with-dependencies */
  readonly jar: string;
  /** a Java 17+ executable */
  readonly java: string;
  readonly port: number;
  /** working folder: the properties file, and `data/` where each sub-folder is a bucket */
  readonly dir: string;
  readonly logFile: string;
  readonly credentials: S3Credentials;
  /** buckets to create (folders), e.g. ["warehouse", "bronze", "silver", "gold"] */
  readonly buckets: readonly string[];
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ObjectStore {
  readonly pid: number;
  readonly port: number;
  /** e.g. http://127.0.0.1:29000 */
  readonly endpoint: string;
  readonly dataDir: string;
  readonly buckets: readonly string[];
  /** text on the process's command line that proves a pid is this store */
  readonly marker: string;
}

export function objectStorePropertiesFile(dir: string): string {
  return join(dir, "s3proxy.properties");
}

/** S3Proxy's configuration: SigV4 auth with the given keys, the local folder as backend. */
export function s3ProxyProperties(input: {
  readonly port: number;
  readonly dataDir: string;
  readonly credentials: S3Credentials;
}): Record<string, string> {
  return {
    "s3proxy.endpoint": `http://127.0.0.1:${input.port}`,
    "s3proxy.authorization": "aws-v2-or-v4",
    "s3proxy.identity": input.credentials.accessKey,
    "s3proxy.credential": input.credentials.secretKey,
    // Trino's AWS SDK v2 sends x-amz-optional-object-attributes on listings; S3Proxy 3.1 rejects
    // unknown headers by default, which fails every CREATE TABLE ("Failed checking new table's location")
    "s3proxy.ignore-unknown-headers": "true",
    "jclouds.provider": "filesystem-nio2",
    "jclouds.filesystem.basedir": input.dataDir,
  };
}

/** Any HTTP answer at the store's endpoint. */
export async function storeAnswers(endpoint: string): Promise<boolean> {
  try {
    // any HTTP answer (403 without a signature) means the server listens
    await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts S3Proxy in the background and waits until it answers. The keys go to a 0600 file only. */
export async function startObjectStore(options: ObjectStoreOptions): Promise<ObjectStore> {
  const dataDir = join(options.dir, "data");
  for (const bucket of options.buckets) mkdirSync(join(dataDir, bucket), { recursive: true });
  const file = objectStorePropertiesFile(options.dir);
  const props = s3ProxyProperties({ port: options.port, dataDir, credentials: options.credentials });
  writeFileSync(
    file,
    `${Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")}\n`,
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  const pid = startDetached({
    command: options.java,
    args: ["-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-jar", options.jar, "--properties", file],
    cwd: options.dir,
    logFile: options.logFile,
    env: options.env,
  });
  const store: ObjectStore = {
    pid,
    port: options.port,
    endpoint: `http://127.0.0.1:${options.port}`,
    dataDir,
    buckets: options.buckets,
    marker: file,
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let why = "did not start";
  while (Date.now() < deadline) {
    // only our pid on the port counts: another store there answers too (and would get Trino's writes)
    const owner = portOwner(pid, options.port);
    if (owner.kind === "other") {
      why = `cannot listen: ${describeOther(options.port, owner)}`;
      break;
    }
    if (owner.kind !== "free" && (await storeAnswers(store.endpoint))) return store;
    if (!isOurProcess(pid, store.marker)) break;
    await sleep(200);
  }
  await stopProcess(pid, store.marker);
  throw new SandboxError(
    "TF806",
    `The S3-compatible store (S3Proxy ${S3PROXY_VERSION}) ${why} on port ${options.port}. Last log lines (${options.logFile}):\n${tailFile(options.logFile, 15).join("\n")}`,
    {
      hint: "Stop what holds the port (the sandbox picks a free one when its preferred port is taken, so this is a race) or fix the cause shown in the log (Java older than 17), then start the sandbox again.",
    },
  );
}

/** Stops the store if that pid is still ours; its data folder is kept. */
export function stopObjectStore(store: Pick<ObjectStore, "pid" | "marker">): Promise<boolean> {
  return stopProcess(store.pid, store.marker, 10_000);
}

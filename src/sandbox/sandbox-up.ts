import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureMainHasCommit } from "../catalog/nessie/ensure-main-commit.js";
import { SandboxError } from "../errors.js";
import {
  recordedCatalogMode,
  sandboxProfileCatalogs,
  startCatalogServices,
  stopCatalogServices,
  type SandboxCatalogMode,
} from "./catalog-services.js";
import { findJava } from "./find-java.js";
import { findFreePort } from "./free-port.js";
import { fetchArtifacts, installTrino, NESSIE_VERSION, TRINO_VERSION } from "./sandbox-artifacts.js";
import { withCacheLock } from "./cache-lock.js";
import { nessieReady, trinoReady, waitFor } from "./sandbox-health.js";
import { tailFile } from "./sandbox-logs.js";
import { sandboxPaths, type SandboxLocation, type SandboxPaths } from "./sandbox-paths.js";
import { describeOther, portOwner, probeOwnPort } from "./port-owner.js";
import { isOurProcess, startDetached, stopProcess } from "./sandbox-process.js";
import { sandboxProfilesYaml, sandboxTargetYaml } from "./sandbox-profile.js";
import { processMarkers, readSandboxState, writeSandboxState, type SandboxState } from "./sandbox-state.js";
import { writeTrinoConfig } from "./trino-config.js";

export interface SandboxUpOptions extends SandboxLocation {
  readonly trinoPort?: number;
  readonly nessiePort?: number;
  /** Trino heap, e.g. "2G" */
  readonly trinoHeap?: string;
  readonly timeoutMs?: number;
  readonly onProgress?: (message: string) => void;
  /** `native` (local files, no views) or `rest` (Nessie's Iceberg REST on a local S3 store; views); default: the folder's mode, else rest */
  readonly catalog?: SandboxCatalogMode;
  /** also serve the branchless JDBC catalog `plain` on a private PostgreSQL; default: as on the last start */
  readonly plain?: boolean;
}

export interface SandboxEndpoints {
  readonly trinoUrl: string;
  readonly nessieUri: string;
  readonly nessieManagementUrl: string;
}

export interface SandboxUpResult {
  readonly alreadyRunning: boolean;
  readonly state: SandboxState;
  readonly endpoints: SandboxEndpoints;
  readonly paths: SandboxPaths;
  /** one target's YAML (indent it under `outputs:`), and the profiles.yml written beside the data */
  readonly targetYaml: string;
  readonly profilesFile: string;
  readonly seconds: number;
}

/** Profile names written into the sandbox's profiles.yml: a generic one and the example project's. */
export const SANDBOX_PROFILE_NAMES = ["tform_sandbox", "lakehouse_shop"] as const;

export function sandboxEndpoints(state: SandboxState): SandboxEndpoints {
  return {
    trinoUrl: `http://127.0.0.1:${state.trino.port}`,
    nessieUri: `http://127.0.0.1:${state.nessie.port}/api/v2`,
    nessieManagementUrl: `http://127.0.0.1:${state.nessie.managementPort}`,
  };
}

/** True when both servers of `state` are our live processes and answer as ready. */
export async function sandboxIsUp(state: SandboxState): Promise<boolean> {
  const markers = processMarkers(state);
  if (!isOurProcess(state.trino.pid, markers.trino) || !isOurProcess(state.nessie.pid, markers.nessie)) return false;
  const { objectStore, postgres } = state.services ?? {};
  if (
    (objectStore && !isOurProcess(objectStore.pid, objectStore.marker)) ||
    (postgres && !isOurProcess(postgres.pid, postgres.marker))
  )
    return false;
  // a stranger on a recorded port (ours died, someone else took it) would be written to as if it were ours
  const servers = [state.trino, state.nessie, ...(objectStore ? [objectStore] : [])];
  if (servers.some((s) => portOwner(s.pid, s.port).kind === "other")) return false;
  return (await trinoReady(state.trino.port)) !== undefined && (await nessieReady(state.nessie.port)) !== undefined;
}

function writeProfiles(paths: SandboxPaths, state: SandboxState): string {
  const nessieUri = sandboxEndpoints(state).nessieUri;
  const input = {
    trinoPort: state.trino.port,
    nessieUri,
    warehouseDir: paths.warehouseDir,
    profileNames: SANDBOX_PROFILE_NAMES,
    ...sandboxProfileCatalogs(state.services, nessieUri, paths.warehouseDir),
  };
  writeFileSync(paths.profilesFile, sandboxProfilesYaml(input));
  return sandboxTargetYaml(input);
}

/** Starts Trino + Nessie in the background (fetching them first if needed) and waits until both are ready. */
export async function sandboxUp(options: SandboxUpOptions = {}): Promise<SandboxUpResult> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const progress = options.onProgress ?? (() => {});
  const paths = sandboxPaths(options);
  mkdirSync(paths.sandboxDir, { recursive: true });

  const previous = readSandboxState(paths.stateFile);
  if (previous && (await sandboxIsUp(previous))) {
    const runningMode = previous.services?.mode ?? "native";
    if (options.catalog && options.catalog !== runningMode) {
      throw new SandboxError(
        "TF808",
        `The sandbox in ${paths.sandboxDir} is running in ${runningMode} mode, not ${options.catalog}.`,
        {
          hint: `Stop it first (\`tform sandbox down\`), or use another folder for ${options.catalog} mode (\`--dir\`).`,
        },
      );
    }
    const targetYaml = writeProfiles(paths, previous);
    return {
      alreadyRunning: true,
      state: previous,
      endpoints: sandboxEndpoints(previous),
      paths,
      targetYaml,
      profilesFile: paths.profilesFile,
      seconds: (Date.now() - started) / 1000,
    };
  }
  if (previous) {
    // half up (one server died): restart both from a clean slate
    const markers = processMarkers(previous);
    await stopProcess(previous.trino.pid, markers.trino);
    await stopProcess(previous.nessie.pid, markers.nessie);
    await stopCatalogServices(previous.services);
  }

  const { files, trinoHome } = await withCacheLock(
    paths.cacheDir,
    async () => {
      const files = await fetchArtifacts(paths.downloadDir, env, progress);
      return { files, trinoHome: await installTrino(paths.cacheDir, files) };
    },
    {
      onWait: (pid) =>
        progress(`waiting for another tform (pid ${pid ?? "?"}) to finish installing into ${paths.cacheDir}`),
    },
  );
  const trinoJava = await findJava({
    minVersion: 24,
    purpose: `Trino ${TRINO_VERSION}`,
    candidates: [env["TFORM_TRINO_JAVA_HOME"], env["JAVA_HOME"]],
  });
  // Nessie 0.99.0 is built for Java 21 (class file 65), although its docs say 17
  const nessieJava = await findJava({
    minVersion: 21,
    purpose: `Nessie ${NESSIE_VERSION}`,
    candidates: [env["TFORM_NESSIE_JAVA_HOME"], trinoJava.home, env["JAVA_HOME"]],
  });

  const nessiePort = await findFreePort(options.nessiePort ?? 19120);
  const managementPort = await findFreePort(nessiePort + 1, [nessiePort]);
  const trinoPort = await findFreePort(options.trinoPort ?? 8080, [nessiePort, managementPort]);
  const nessieUri = `http://127.0.0.1:${nessiePort}/api/v2`;
  const markers = processMarkers({ sandboxDir: paths.sandboxDir });
  // REST on a local S3 store by default, as the setups users come from (views work); measured to start within
  // 1.1-1.2x of native mode (bench/sandbox.mjs)
  const mode = options.catalog ?? recordedCatalogMode(paths.sandboxDir) ?? "rest";
  const services = await startCatalogServices({
    mode,
    plain: options.plain ?? previous?.services?.postgres !== undefined,
    sandboxDir: paths.sandboxDir,
    warehouseDir: paths.warehouseDir,
    nessieUri,
    java: nessieJava.java,
    s3proxyJar: files.s3proxy,
    takenPorts: [nessiePort, managementPort, trinoPort],
  });

  writeTrinoConfig({
    trinoHome,
    etcDir: paths.trinoEtcDir,
    dataDir: paths.trinoDataDir,
    port: trinoPort,
    nessieUri,
    warehouseDir: paths.warehouseDir,
    heap: options.trinoHeap ?? "2G",
    mainCatalog: services.mainCatalog,
    extraCatalogs: services.extraCatalogs,
  });
  progress(`starting Nessie ${NESSIE_VERSION} on port ${nessiePort} and Trino ${TRINO_VERSION} on port ${trinoPort}`);
  const nessiePid = startDetached({
    command: nessieJava.java,
    args: [
      "-Xms64m",
      "-Xmx512m",
      "-XX:+UseSerialGC",
      "-Dquarkus.http.host=127.0.0.1",
      `-Dquarkus.http.port=${nessiePort}`,
      "-Dquarkus.management.host=127.0.0.1",
      `-Dquarkus.management.port=${managementPort}`,
      // persistent store: branches and commits survive down/up
      "-Dnessie.version.store.type=ROCKSDB",
      markers.nessie,
      // REST mode: Nessie's Iceberg REST catalog on the S3 store (its keys come through the environment)
      ...services.nessieArgs,
      "-jar",
      files.nessie,
    ],
    cwd: join(paths.sandboxDir, "nessie"),
    logFile: paths.nessieLog,
    env: { ...env, ...services.nessieEnv },
  });
  const trinoPid = startDetached({
    command: trinoJava.java,
    args: [
      "-cp",
      `${trinoHome}/lib/*`,
      ...readJvmFlags(paths),
      "-Dnode.environment=tform_sandbox",
      `-Dnode.data-dir=${paths.trinoDataDir}`,
      markers.trino,
      "io.trino.server.TrinoServer",
    ],
    cwd: paths.trinoDataDir,
    logFile: paths.trinoLog,
    env: { ...env, ...services.trinoEnv, JAVA_HOME: trinoJava.home },
  });
  const state: SandboxState = {
    format: 1,
    startedAt: new Date().toISOString(),
    sandboxDir: paths.sandboxDir,
    trino: { pid: trinoPid, port: trinoPort, version: TRINO_VERSION, home: trinoHome, javaHome: trinoJava.home },
    nessie: {
      pid: nessiePid,
      port: nessiePort,
      managementPort,
      version: NESSIE_VERSION,
      jar: files.nessie,
      javaHome: nessieJava.home,
    },
    services: services.state,
  };
  // written before waiting, so `down` finds the processes even if they never become ready
  writeSandboxState(paths.stateFile, state);

  const timeoutMs = options.timeoutMs ?? 180_000;
  const [nessie, trino] = await Promise.all([
    waitFor(
      probeOwnPort(nessiePid, nessiePort, () => nessieReady(nessiePort)),
      () => isOurProcess(nessiePid, markers.nessie) && portOwner(nessiePid, nessiePort).kind !== "other",
      timeoutMs,
    ),
    waitFor(
      probeOwnPort(trinoPid, trinoPort, () => trinoReady(trinoPort)),
      () => isOurProcess(trinoPid, markers.trino) && portOwner(trinoPid, trinoPort).kind !== "other",
      timeoutMs,
    ),
  ]);
  for (const [name, result, log, pid, port] of [
    ["Nessie", nessie, paths.nessieLog, nessiePid, nessiePort],
    ["Trino", trino, paths.trinoLog, trinoPid, trinoPort],
  ] as const) {
    if (result.value !== undefined) continue;
    const owner = portOwner(pid, port);
    await stopProcess(trinoPid, markers.trino);
    await stopProcess(nessiePid, markers.nessie);
    await stopCatalogServices(services.state);
    const why =
      owner.kind === "other"
        ? `cannot listen: ${describeOther(port, owner)}`
        : result.died
          ? "exited during startup"
          : `was not ready after ${timeoutMs / 1000} s`;
    throw new SandboxError("TF806", `${name} ${why}. Last log lines (${log}):\n${tailFile(log, 15).join("\n")}`, {
      hint: "Fix the cause shown in the log, then run `tform sandbox up` again (`tform sandbox logs` shows more).",
    });
  }
  await ensureMainHasCommit({ uri: sandboxEndpoints(state).nessieUri });
  const targetYaml = writeProfiles(paths, state);
  return {
    alreadyRunning: false,
    state,
    endpoints: sandboxEndpoints(state),
    paths,
    targetYaml,
    profilesFile: paths.profilesFile,
    seconds: (Date.now() - started) / 1000,
  };
}

/** jvm.config is the one place Trino's flags live, as with Trino's own launcher. */
function readJvmFlags(paths: SandboxPaths): string[] {
  return readFileSync(join(paths.trinoEtcDir, "jvm.config"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { SandboxError } from "../errors.js";
import { S3PROXY_ARTIFACT } from "./object-store.js";

const run = promisify(execFile);

export const TRINO_VERSION = "476";
export const NESSIE_VERSION = "0.99.0";

export interface Artifact {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  readonly type: string;
  readonly classifier?: string;
}

/** Trino's core server plus only the plugins the sandbox uses (the full tarball is ~800 MB more). */
export const SANDBOX_ARTIFACTS = {
  trinoServer: { groupId: "io.trino", artifactId: "trino-server-core", version: TRINO_VERSION, type: "tar.gz" },
  trinoIceberg: { groupId: "io.trino", artifactId: "trino-iceberg", version: TRINO_VERSION, type: "zip" },
  trinoTpch: { groupId: "io.trino", artifactId: "trino-tpch", version: TRINO_VERSION, type: "zip" },
  nessie: {
    groupId: "org.projectnessie.nessie",
    artifactId: "nessie-quarkus",
    version: NESSIE_VERSION,
    type: "jar",
    classifier: "runner",
  },
  // the S3-compatible store of REST mode (93 MB, fetched once like the rest)
  s3proxy: S3PROXY_ARTIFACT,
} as const satisfies Record<string, Artifact>;

/** The file name `mvn dependency:copy` gives an artifact. */
export function artifactFileName(a: Artifact): string {
  return `${a.artifactId}-${a.version}${a.classifier ? `-${a.classifier}` : ""}.${a.type}`;
}

function coordinates(a: Artifact): string {
  return [a.groupId, a.artifactId, a.version, a.type, ...(a.classifier ? [a.classifier] : [])].join(":");
}

interface VerifiedFile {
  readonly size: number;
  readonly sha1: string;
}

function sha1Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha1");
    createReadStream(file)
      .on("data", (c) => hash.update(c))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** The checksum Maven fetched beside the artifact in its local repository, when it kept one. */
function mavenSha1(a: Artifact, env: NodeJS.ProcessEnv): string | undefined {
  const repo = env["TFORM_MAVEN_REPO"] ?? join(homedir(), ".m2", "repository");
  const file = join(repo, ...a.groupId.split("."), a.artifactId, a.version, `${artifactFileName(a)}.sha1`);
  return existsSync(file) ? readFileSync(file, "utf8").trim().split(/\s+/)[0] : undefined;
}

async function mvnCopy(a: Artifact, downloadDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(
      "mvn",
      ["-q", "-B", "dependency:copy", `-Dartifact=${coordinates(a)}`, `-DoutputDirectory=${downloadDir}`],
      { env, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (err.code === "ENOENT") {
      throw new SandboxError("TF801", "Maven (mvn) is not installed; the sandbox downloads Trino and Nessie with it.", {
        hint: "Install Maven 3.6+ (e.g. `apt-get install maven`) and a JDK, then run `tform sandbox up` again.",
        cause: e,
      });
    }
    const out = `${err.stdout ?? ""}${err.stderr ?? ""}`.trim().split("\n").slice(-8).join("\n");
    throw new SandboxError("TF803", `Downloading ${coordinates(a)} with mvn failed:\n${out}`, {
      hint: "Check the network and Maven's settings (~/.m2/settings.xml, proxies), then run `tform sandbox up` again.",
      cause: e,
    });
  }
}

/**
 * Downloads each artifact once into `downloadDir` and checks it: sha1 against Maven's checksum file the
 * first time (recorded in verified.json), then its size on every later call (cheap).
 */
export async function fetchArtifacts(
  downloadDir: string,
  env: NodeJS.ProcessEnv,
  onProgress: (m: string) => void,
): Promise<Record<keyof typeof SANDBOX_ARTIFACTS, string>> {
  mkdirSync(downloadDir, { recursive: true });
  const recordFile = join(downloadDir, "verified.json");
  const record: Record<string, VerifiedFile> = existsSync(recordFile)
    ? (JSON.parse(readFileSync(recordFile, "utf8")) as Record<string, VerifiedFile>)
    : {};
  const out: Partial<Record<keyof typeof SANDBOX_ARTIFACTS, string>> = {};
  for (const [key, a] of Object.entries(SANDBOX_ARTIFACTS) as [keyof typeof SANDBOX_ARTIFACTS, Artifact][]) {
    const name = artifactFileName(a);
    const file = join(downloadDir, name);
    const known = record[name];
    if (known && existsSync(file) && statSync(file).size === known.size) {
      out[key] = file;
      continue;
    }
    if (!existsSync(file) || known) {
      rmSync(file, { force: true });
      onProgress(`downloading ${coordinates(a)}`);
      await mvnCopy(a, downloadDir, env);
    }
    if (!existsSync(file))
      throw new SandboxError("TF803", `mvn finished but ${file} is missing.`, {
        hint: "Run `tform sandbox up` again; if it persists, download the artifact by hand into that folder.",
      });
    const sha1 = await sha1Of(file);
    const expected = mavenSha1(a, env);
    if (expected && expected !== sha1) {
      rmSync(file, { force: true });
      throw new SandboxError(
        "TF804",
        `Checksum mismatch for ${name}: sha1 ${sha1}, Maven says ${expected}. The file was removed.`,
        { hint: "Run `tform sandbox up` again to download it afresh." },
      );
    }
    record[name] = { size: statSync(file).size, sha1 };
    writeFileSync(recordFile, JSON.stringify(record, null, 2));
    out[key] = file;
  }
  return out as Record<keyof typeof SANDBOX_ARTIFACTS, string>;
}

/** Unpacks `archive` into `target` once (via a temp folder and a rename, so a half unpack is never used). */
export async function unpackOnce(
  archive: string,
  target: string,
  kind: "tar.gz" | "zip",
  topFolder: string,
): Promise<void> {
  if (existsSync(join(target, ".tform-complete"))) return;
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    if (kind === "tar.gz") await run("tar", ["xzf", archive, "-C", tmp]);
    else await run("unzip", ["-q", archive, "-d", tmp]);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new SandboxError("TF805", `Unpacking ${archive} failed: ${(e as Error).message}`, {
      hint: "Install tar and unzip; if the archive is damaged, delete it and run `tform sandbox up` again.",
      cause: e,
    });
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(join(tmp, topFolder), target);
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(join(target, ".tform-complete"), `${archive}\n`);
}

/** Trino home with the iceberg and tpch plugins in place, under <cacheDir>/trino-server-<version>. */
export async function installTrino(
  cacheDir: string,
  files: Record<keyof typeof SANDBOX_ARTIFACTS, string>,
): Promise<string> {
  const home = join(cacheDir, `trino-server-${TRINO_VERSION}`);
  if (
    existsSync(join(home, ".tform-complete")) &&
    existsSync(join(home, "plugin", "iceberg", ".tform-complete")) &&
    existsSync(join(home, "plugin", "tpch", ".tform-complete"))
  )
    return home;
  await unpackOnce(files.trinoServer, home, "tar.gz", `trino-server-core-${TRINO_VERSION}`);
  await unpackOnce(files.trinoIceberg, join(home, "plugin", "iceberg"), "zip", `trino-iceberg-${TRINO_VERSION}`);
  await unpackOnce(files.trinoTpch, join(home, "plugin", "tpch"), "zip", `trino-tpch-${TRINO_VERSION}`);
  return home;
}

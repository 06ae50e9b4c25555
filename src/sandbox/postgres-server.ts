import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { SandboxError } from "../errors.js";
import { tailFile } from "./sandbox-logs.js";
import { isOurProcess } from "./sandbox-process.js";

const run = promisify(execFile);

/**
 * A private PostgreSQL cluster for the plain (branchless) catalog: Iceberg's JDBC catalog keeps its
 * table pointers there. Uses the Debian `postgresql` package's binaries; on loopback only, trust auth.
 */
export interface PostgresOptions {
  /** the cluster's folder: data/, the socket and the log */
  readonly dir: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** folder with initdb, pg_ctl and postgres; default: the newest /usr/lib/postgresql/<v>/bin */
  readonly binDir?: string;
  /** statements run once in `database` as `user` after it is created */
  readonly initSql?: readonly string[];
}

export interface PostgresServer {
  readonly pid: number;
  readonly port: number;
  readonly dataDir: string;
  readonly jdbcUrl: string;
  readonly user: string;
  readonly database: string;
  readonly binDir: string;
  /** on the postmaster's command line (`-D <dataDir>`), so a pid is only ever ours if it has it */
  readonly marker: string;
}

export function findPostgresBin(root = "/usr/lib/postgresql"): string {
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "pg_ctl"))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  if (newest === undefined) {
    throw new SandboxError(
      "TF807",
      `No PostgreSQL server binaries under ${root}; the plain catalog keeps its table pointers in PostgreSQL.`,
      {
        hint: "Install the server: `apt-get install -y postgresql` (the client alone is not enough), then start the sandbox again.",
      },
    );
  }
  return join(root, newest, "bin");
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user the package creates. */
function asServerUser(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, [...args]];
}

async function exec(
  binDir: string,
  tool: string,
  args: readonly string[],
  what: string,
  logFile?: string,
): Promise<string> {
  const [cmd, argv] = asServerUser(join(binDir, tool), args);
  try {
    const { stdout } = await run(cmd, argv, { timeout: 120_000 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const log = logFile ? `\n${tailFile(logFile, 10).join("\n")}` : "";
    throw new SandboxError("TF807", `PostgreSQL: ${what} failed: ${(err.stderr ?? err.message).trim()}${log}`, {
      hint: "Check the message above; `tform sandbox logs` shows the server log.",
      cause: e,
    });
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, "postmaster.pid");
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function sql(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** Creates the cluster on first use, starts it and waits (pg_ctl -w); a running cluster is reused. */
export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const binDir = options.binDir ?? findPostgresBin();
  const dataDir = join(options.dir, "data");
  const logFile = join(options.dir, "postgres.log");
  mkdirSync(options.dir, { recursive: true });
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    chownSync(options.dir, uid, gid);
  }
  const server = (pid: number): PostgresServer => ({
    pid,
    port: options.port,
    dataDir,
    jdbcUrl: `jdbc:postgresql://127.0.0.1:${options.port}/${options.database}`,
    user: options.user,
    database: options.database,
    binDir,
    marker: dataDir,
  });
  const running = postmasterPid(dataDir);
  if (running !== undefined && isOurProcess(running, dataDir)) return server(running);

  const fresh = !existsSync(join(dataDir, "PG_VERSION"));
  if (fresh) await exec(binDir, "initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8"], "initdb");
  await exec(
    binDir,
    "pg_ctl",
    [
      "-D",
      dataDir,
      "-l",
      logFile,
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${options.port} -k ${options.dir} -c listen_addresses=127.0.0.1`,
      "start",
    ],
    "start",
    logFile,
  );
  const pid = postmasterPid(dataDir);
  if (pid === undefined)
    throw new SandboxError("TF807", `PostgreSQL started but wrote no postmaster.pid in ${dataDir}.`, {
      hint: `See ${logFile}.`,
    });
  if (fresh) {
    const psql = (db: string, user: string, statements: readonly string[]) =>
      exec(
        binDir,
        "psql",
        [
          "-h",
          "127.0.0.1",
          "-p",
          String(options.port),
          "-U",
          user,
          "-d",
          db,
          "-v",
          "ON_ERROR_STOP=1",
          ...statements.flatMap((s) => ["-c", s]),
        ],
        "creating the catalog database",
      );
    await psql("postgres", "postgres", [
      `CREATE ROLE ${sql(options.user)} LOGIN`,
      `CREATE DATABASE ${sql(options.database)} OWNER ${sql(options.user)}`,
    ]);
    if (options.initSql?.length) await psql(options.database, options.user, options.initSql);
  }
  return server(pid);
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  try {
    const { stdout } = await run("id", ["postgres"]);
    const uid = /uid=(\d+)/.exec(stdout)?.[1];
    const gid = /gid=(\d+)/.exec(stdout)?.[1];
    if (uid && gid) return { uid: Number(uid), gid: Number(gid) };
  } catch {
    // handled below
  }
  throw new SandboxError("TF807", "Running as root, but there is no `postgres` user to run PostgreSQL as.", {
    hint: "Install the `postgresql` package (it creates the user), or run tform as a normal user.",
  });
}

/** Fast shutdown (open client sessions are ended, not waited for); only if the pid is still ours. */
export async function stopPostgres(
  server: Pick<PostgresServer, "pid" | "dataDir" | "binDir" | "marker">,
): Promise<boolean> {
  if (!isOurProcess(server.pid, server.marker)) return false;
  await exec(server.binDir, "pg_ctl", ["-D", server.dataDir, "-m", "fast", "-w", "stop"], "stop");
  return true;
}

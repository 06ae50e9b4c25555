import { dirname } from "node:path";
import { Option, type Command } from "commander";
import { commandAction } from "../command-context.js";
import { sandboxDown } from "../../sandbox/sandbox-down.js";
import { sandboxLogs, type SandboxServer } from "../../sandbox/sandbox-logs.js";
import { sandboxStatus, type ServerStatus } from "../../sandbox/sandbox-status.js";
import { sandboxUp } from "../../sandbox/sandbox-up.js";

interface LocationFlags {
  dir?: string;
  json?: boolean;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? "?" : `${Math.round(bytes / 1024 / 1024)} MiB`);

function serverLine(name: string, s: ServerStatus): string {
  const state = s.ready ? "ready" : s.running ? "starting" : "stopped";
  return `${name.padEnd(7)} ${s.version.padEnd(7)} ${state.padEnd(9)}${s.running ? ` pid ${s.pid}  port ${s.port}  rss ${mib(s.rssBytes)}` : ""}`;
}

/** `tform sandbox up|down|status|logs`: the local Trino + Nessie. */
export function configure(cmd: Command): void {
  cmd.description("Run a local Trino + Nessie lakehouse (no Docker): up, down, status, logs");
  const dirOption = "--dir <path>";
  const dirHelp = "sandbox folder (default $TFORM_CACHE_DIR/sandbox, i.e. ~/.cache/tform/sandbox)";

  const upCmd = cmd
    .command("up")
    .description("download (once), start and wait for Trino and Nessie; prints endpoints and a profile")
    .option(dirOption, dirHelp)
    .option("--trino-port <port>", "preferred Trino port (another free one is used if taken)", Number)
    .option("--nessie-port <port>", "preferred Nessie port", Number)
    .option("--heap <size>", "Trino heap, e.g. 2G", "2G")
    .addOption(
      new Option(
        "--catalog <mode>",
        "rest (the default for a new folder): Nessie's Iceberg REST on a local S3 store (views); native: Nessie catalog on local files (no views, time travel by snapshot id); plain: native plus a branchless JDBC catalog `plain` on a private PostgreSQL",
      ).choices(["native", "rest", "plain"]),
    )
    .option(
      "--with-plain",
      "also serve the branchless `plain` catalog (with --catalog rest); without --catalog, the folder's last setup is kept",
    )
    .option("--json", "print the result as JSON");
  commandAction<
    LocationFlags & {
      trinoPort?: number;
      nessiePort?: number;
      heap: string;
      catalog?: "native" | "rest" | "plain";
      withPlain?: boolean;
    }
  >(upCmd, async (flags, ctx) => {
    const catalog = flags.catalog === undefined ? undefined : flags.catalog === "rest" ? "rest" : "native";
    const plain =
      flags.catalog === undefined && flags.withPlain === undefined
        ? undefined
        : flags.catalog === "plain" || flags.withPlain === true;
    const result = await sandboxUp({
      dir: flags.dir,
      trinoPort: flags.trinoPort,
      nessiePort: flags.nessiePort,
      trinoHeap: flags.heap,
      catalog,
      plain,
      onProgress: (m) => ctx.warn(`sandbox: ${m}`),
    });
    if (flags.json)
      return ctx.print(
        JSON.stringify(
          {
            ...result.endpoints,
            state: result.state,
            profilesFile: result.profilesFile,
            alreadyRunning: result.alreadyRunning,
            seconds: result.seconds,
          },
          null,
          2,
        ),
      );
    const lines = [
      result.alreadyRunning ? "Sandbox already running." : `Sandbox ready in ${result.seconds.toFixed(1)} s.`,
      `  Trino ${result.state.trino.version}   ${result.endpoints.trinoUrl}   (catalogs: iceberg on Nessie main in ${result.state.services?.mode ?? "native"} mode${result.state.services?.postgres ? ", plain (JDBC, no branches)" : ""}, tpch)`,
      ...(result.state.services?.objectStore
        ? [
            `  S3 store  http://127.0.0.1:${result.state.services.objectStore.port}   (S3Proxy; buckets under ${result.state.services.objectStore.dataDir})`,
          ]
        : []),
      ...(result.state.services?.postgres
        ? [
            `  Postgres  ${result.state.services.postgres.jdbcUrl}   (the plain catalog's table pointers; target \`plain\` in the profiles)`,
          ]
        : []),
      `  Nessie ${result.state.nessie.version} ${result.endpoints.nessieUri}`,
      `  data       ${result.paths.sandboxDir}`,
      `  profiles   ${result.profilesFile}   (use --profiles-dir ${dirname(result.profilesFile)})`,
      "",
      "Profile target (profiles.yml, under <profile>: outputs:):",
      ...result.targetYaml.split("\n").map((l) => `    ${l}`),
      "",
      "Stop it with: tform sandbox down",
    ];
    ctx.print(lines.join("\n"));
  });

  const downCmd = cmd
    .command("down")
    .description("stop the Trino and Nessie this sandbox started (data is kept)")
    .option(dirOption, dirHelp);
  commandAction<LocationFlags>(downCmd, async (flags, ctx) => {
    const result = await sandboxDown({ dir: flags.dir });
    ctx.print(
      result.stopped.length ? `Stopped ${result.stopped.join(" and ")}.` : "Nothing of the sandbox was running.",
    );
  });

  const statusCmd = cmd
    .command("status")
    .description("what runs, on which ports, versions, data folder and disk use")
    .option(dirOption, dirHelp)
    .option("--json", "print the status as JSON")
    // not --profiles-dir: that global option takes a value and would swallow this flag
    .option("--print-profiles-dir", "print only the folder holding the sandbox's profiles.yml");
  commandAction<LocationFlags & { printProfilesDir?: boolean }>(statusCmd, async (flags, ctx) => {
    const s = await sandboxStatus({ dir: flags.dir });
    if (flags.printProfilesDir) return void ctx.print(dirname(s.paths.profilesFile));
    if (flags.json) return void ctx.print(JSON.stringify(s, null, 2));
    const lines = [serverLine("trino", s.trino), serverLine("nessie", s.nessie)];
    if (s.objectStore)
      lines.push(`${serverLine("s3", s.objectStore)}  ${s.objectStore.endpoint} → ${s.objectStore.dataDir}`);
    if (s.endpoints && (s.trino.running || s.nessie.running))
      lines.push(`endpoints  ${s.endpoints.trinoUrl}  ${s.endpoints.nessieUri}`);
    lines.push(`data       ${s.paths.sandboxDir} (${mib(s.diskBytes)})`, `cache      ${s.paths.cacheDir}`);
    ctx.print(lines.join("\n"));
    // scripts can test `tform sandbox status` for readiness
    return s.trino.ready && s.nessie.ready && (s.objectStore?.ready ?? true) ? 0 : 5;
  });

  const logsCmd = cmd
    .command("logs")
    .description("the last lines of the server logs")
    .option(dirOption, dirHelp)
    .option("-n, --lines <n>", "lines per server", Number, 50)
    .option("--server <name>", "trino or nessie (default both)");
  commandAction<LocationFlags & { lines: number; server?: SandboxServer }>(logsCmd, async (flags, ctx) => {
    const logs = await sandboxLogs({
      dir: flags.dir,
      lines: flags.lines,
      servers: flags.server ? [flags.server] : undefined,
    });
    for (const log of logs) ctx.print(`==> ${log.server}: ${log.file} <==\n${log.lines.join("\n")}`);
  });
}

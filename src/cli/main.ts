/**
 * The tform command line. Startup stays cheap (`tform --version` ≤ 150 ms): only commander loads here,
 * and a command's module is imported when that command runs. This is the only place that prints
 * errors and calls process.exit.
 */
import { Command, CommanderError } from "commander";
import { tformVersion } from "../artifacts/tform-version.js";
import { fileSystemError } from "../errors.js";
import { attachRun, type CliIo } from "./command-context.js";
import { ExitCode, exitCodeFor } from "./exit-code.js";
import { formatError } from "./output-error.js";

export { commandAction, type CliIo, type CommandContext, type OutputStream } from "./command-context.js";
export { ExitCode } from "./exit-code.js";
export { addSelectionOptions, projectOptionsFrom, selectionFrom, type SelectionFlags } from "./selection-options.js";

/** Every command, in help order; each one's module is imported only when it runs. */
const COMMANDS: readonly { readonly name: string; readonly description: string }[] = [
  { name: "parse", description: "Load and parse the project, write target/manifest.json, report counts and warnings" },
  { name: "ls", description: "List the project's nodes, filtered by --select/--exclude/--resource-type" },
  {
    name: "compile",
    description: "Render selected models and tests to SQL under target/compiled/ and write target/manifest.json",
  },
  { name: "run", description: "Materialize selected models on the engine, in DAG order" },
  { name: "seed", description: "Load seed CSV files into Iceberg tables" },
  {
    name: "snapshot",
    description: "Record changes of selected snapshots' queries as SCD type 2 history tables (one MERGE each)",
  },
  { name: "build", description: "Seed, run and test selected nodes in DAG order, on a branch with --branch" },
  { name: "retry", description: "Rerun the nodes that errored, failed or were skipped in the last run, on its branch" },
  { name: "test", description: "Run data tests (generic and singular) and record the tested branch hash" },
  { name: "publish", description: "Merge a tested branch into main, pinned to the tested hash, and tag the release" },
  { name: "rollback", description: "Point main back to an earlier release tag" },
  { name: "diff", description: "Show which models are new, changed or unchanged on a branch versus main" },
  { name: "history", description: "List a model's snapshots and the releases that contained them" },
  { name: "show", description: "Query a model at an earlier tag, snapshot or time" },
  {
    name: "run-operation",
    description: "Run a macro against the engine (its run_query/statement calls execute), on a branch with --branch",
  },
  {
    name: "source",
    description:
      "freshness: check the sources' loaded_at_field against warn_after/error_after, write target/sources.json",
  },
  {
    name: "docs",
    description: "generate: write target/manifest.json and target/catalog.json (columns and types from Trino)",
  },
  {
    name: "deps",
    description:
      "Install the packages of packages.yml: link local ones into dbt_packages/, check that vendored ones are there",
  },
  { name: "clean", description: "Delete the clean-targets folders of dbt_project.yml (default: the target path)" },
  { name: "debug", description: "Check the project file, the profile, Trino, Nessie and the catalog mode" },
  { name: "sandbox", description: "Run a local Trino + Nessie lakehouse: up, down, status, logs" },
];

/** Global options that take a value, so the command name can be found before parsing. */
const VALUE_OPTIONS = new Set(["--project-dir", "--profiles-dir", "--target", "-t", "--vars"]);

/** The command's module beside this file: .js from dist/, .ts when vitest runs the sources. */
function commandModuleUrl(name: string): URL {
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new URL(`./commands/${name}.${ext}`, import.meta.url);
}

function invokedCommand(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (arg === "help") return argv[i + 1];
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

interface ConfigurableCommandModule {
  configure(cmd: Command): void;
}

async function buildProgram(argv: readonly string[], io: CliIo): Promise<Command> {
  const program = new Command("tform")
    .description(
      "dbt-style transformations for Trino on Apache Iceberg, built on a Nessie branch and published by merge",
    )
    .version(tformVersion(), "-V, --version", "print the tform version")
    .option("--project-dir <dir>", "the dbt project folder (default: TFORM_PROJECT_DIR or the working directory)")
    .option(
      "--profiles-dir <dir>",
      "folder holding profiles.yml (default: the project, TFORM_PROFILES_DIR, then ~/.tform)",
    )
    .option("-t, --target <name>", "target of the profile to use (default: the profile's `target:`)")
    .option("--vars <yaml>", "variables as a YAML or JSON mapping, as dbt's --vars")
    .option("--debug", "print stack traces and debug detail")
    .option(
      "--no-partial-parse",
      "load, parse and compile every file afresh instead of reusing unchanged results saved under target/partial_parse/",
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  const wanted = invokedCommand(argv);
  for (const { name, description } of COMMANDS) {
    const cmd = program.command(name).description(description);
    if (name === wanted) ((await import(commandModuleUrl(name).href)) as ConfigurableCommandModule).configure(cmd);
  }
  return program;
}

/** Runs the CLI in this process and returns its exit code (tests call this; bin/tform.js exits with it). */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const fullIo: CliIo = {
    cwd: io.cwd ?? process.cwd(),
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
  };
  const debug = argv.includes("--debug");
  try {
    const program = await buildProgram(argv, fullIo);
    const state = attachRun(program, fullIo);
    await program.parseAsync([...argv], { from: "user" });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    // a file-system failure anywhere (a disk that fills up mid-run) is reported with its path, not as a bug
    const reported = fileSystemError(error) ?? error;
    fullIo.stderr.write(`${formatError(reported, { debug })}\n`);
    return exitCodeFor(reported);
  }
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  const code = await runCli(argv);
  process.exit(code);
}

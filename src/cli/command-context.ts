/**
 * What a command's action receives: the global options, parsed, and where to write. Commands return an
 * exit code (or nothing for 0) and throw TformErrors; only main.ts prints errors and exits.
 */
import path from "node:path";
import type { Command } from "commander";
import { scrubSecrets } from "../errors.js";
import { parseYamlMapping } from "../project/yaml-mapping.js";
import { ProjectCode } from "../project/project-code.js";

export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly cwd: string;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: NodeJS.ProcessEnv;
}

export interface CommandContext {
  readonly io: CliIo;
  /** absolute; `--project-dir`, else TFORM_PROJECT_DIR, else the working directory */
  readonly projectDir: string;
  readonly profilesDir?: string;
  readonly target?: string;
  /** `--vars` as YAML or JSON, like dbt */
  readonly vars: Record<string, unknown>;
  readonly debug: boolean;
  /** reuse target/partial_parse/ (false with --no-partial-parse, as dbt's) */
  readonly partialParse: boolean;
  /** a line on stdout, secrets scrubbed */
  print(line?: string): void;
  /** a line on stderr, secrets scrubbed */
  warn(line: string): void;
}

interface RunState {
  readonly io: CliIo;
  exitCode: number;
}

const runs = new WeakMap<Command, RunState>();

function root(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

/** main.ts attaches the run's io to its program; actions find it from their command. */
export function attachRun(program: Command, io: CliIo): RunState {
  const state: RunState = { io, exitCode: 0 };
  runs.set(program, state);
  return state;
}

async function contextFor(cmd: Command, state: RunState): Promise<CommandContext> {
  const g = cmd.optsWithGlobals<{
    projectDir?: string;
    profilesDir?: string;
    target?: string;
    vars?: string;
    debug?: boolean;
    partialParse?: boolean;
  }>();
  const { io } = state;
  const projectDir = path.resolve(io.cwd, g.projectDir ?? io.env.TFORM_PROJECT_DIR ?? ".");
  return {
    io,
    projectDir,
    ...(g.profilesDir !== undefined ? { profilesDir: path.resolve(io.cwd, g.profilesDir) } : {}),
    ...(g.target !== undefined ? { target: g.target } : {}),
    vars: await parseYamlMapping(g.vars, {
      flag: "--vars",
      code: ProjectCode.invalidVars,
      example: `'{"start_date": "2024-01-01"}' or --vars 'start_date: 2024-01-01'`,
    }),
    debug: g.debug === true,
    partialParse: g.partialParse !== false,
    print: (line = "") => void io.stdout.write(`${scrubSecrets(line)}\n`),
    warn: (line) => void io.stderr.write(`${scrubSecrets(line)}\n`),
  };
}

/**
 * The action of a command: `run(options, ctx, args)` returns its exit code (undefined = 0).
 *   commandAction<{ select?: string[] }>(cmd, async (opts, ctx) => { …; return 0; });
 */
export function commandAction<O>(
  cmd: Command,
  run: (options: O, ctx: CommandContext, args: readonly string[]) => Promise<number | void>,
): void {
  cmd.action(async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const state = runs.get(root(command));
    if (!state) throw new Error("commandAction: command is not part of a runCli program");
    const args = received.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a : a === undefined ? [] : [String(a)]));
    const code = await run(command.opts() as O, await contextFor(command, state), args);
    state.exitCode = code ?? 0;
  });
}

/** Runs the CLI in-process and captures what it prints. */
import { expect } from "vitest";
import { runCli } from "../../src/cli/main.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function tform(
  argv: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { ...process.env, TFORM_PROFILES_DIR: undefined },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** Asserts the exit code; a mismatch shows what the run printed. */
export function expectExit(run: CliRun, code: number): void {
  expect(`exit ${run.code}\n${run.stderr}${run.stdout}`).toMatch(new RegExp(`^exit ${code}\n`));
}

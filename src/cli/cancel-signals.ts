/**
 * SIGINT (Ctrl-C) and SIGTERM (what CI runners send on cancel) both cancel a run the same way: the signal aborts it,
 * the run cancels its Trino queries and skips what has not started, and tform exits 128 + the signal's number. A
 * second signal gets Node's default and ends the process at once.
 */
import { ExitCode } from "./exit-code.js";

const SIGNALS = { SIGINT: ExitCode.cancelled, SIGTERM: ExitCode.terminated } as const;

export interface CancelOnSignals {
  readonly signal: AbortSignal;
  /** the exit code of the signal that cancelled the run (130 or 143); undefined while none came */
  readonly exitCode: number | undefined;
  dispose(): void;
}

export function cancelOnSignals(): CancelOnSignals {
  const abort = new AbortController();
  let exitCode: number | undefined;
  const handlers = Object.entries(SIGNALS).map(([name, code]) => {
    const handler = (): void => {
      exitCode ??= code;
      abort.abort();
    };
    process.once(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: abort.signal,
    get exitCode() {
      return exitCode;
    },
    dispose: () => handlers.forEach(([name, handler]) => process.removeListener(name, handler)),
  };
}

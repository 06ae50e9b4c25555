/**
 * Is Trino there? One GET of /v1/info (no query, no credentials needed) that must answer within the connect
 * timeout, so a command finds a down or hung Trino in seconds, before it creates a branch or writes anything.
 * Also the error both this check and a statement raise when Trino cannot be reached (exit code 5).
 */
import { ExecutionError } from "../../errors.js";
import { describeNetworkFailure, fetchWithTimeouts, networkFailureOf, type HttpTimeouts } from "../../http-timeouts.js";
import { EngineCode } from "../engine-code.js";

export async function pingTrino(server: string, timeouts: HttpTimeouts): Promise<void> {
  const base = server.replace(/\/+$/, "");
  // a live server answers this at once: waiting for it as long as for a query would hide a hung one
  const quick: HttpTimeouts = {
    connectTimeoutMs: timeouts.connectTimeoutMs,
    responseTimeoutMs: timeouts.connectTimeoutMs,
  };
  let res: Response;
  try {
    res = await fetchWithTimeouts(quick)(`${base}/v1/info`);
    await res.text();
  } catch (e) {
    throw trinoUnreachable(base, e, quick, "; nothing was changed");
  }
  // any other answer means a server is there; whether it is Trino and accepts us, the first query tells
  if (res.status >= 500 && res.status !== 503)
    throw new ExecutionError(
      EngineCode.trinoUnreachable,
      `Trino at ${base} answered HTTP ${res.status} to GET /v1/info; nothing was changed.`,
      { hint: "Check the server's log: it is not serving." },
    );
}

export function trinoUnreachable(base: string, e: unknown, timeouts: HttpTimeouts, note = ""): ExecutionError {
  const timedOut = networkFailureOf(e) === "timeout";
  return new ExecutionError(
    timedOut ? EngineCode.trinoTimeout : EngineCode.trinoUnreachable,
    `Trino ${timedOut ? "did not answer" : "is unreachable"} at ${base} (${describeNetworkFailure(e, timeouts)})${note}.`,
    {
      hint: timedOut
        ? "Trino accepted the connection but did not reply: it may be stopped or overloaded (`tform sandbox status` for the local one); `connect_timeout` and `timeout` in profiles.yml set the waits."
        : "Start it (`tform sandbox up` for the local one) or fix host/port/http_scheme in profiles.yml.",
      cause: e,
    },
  );
}

/**
 * HTTP with bounded waits for the Trino and Nessie clients. Node's own fetch waits 300 s for a reply from a server
 * that accepted the connection (a hung or SIGSTOPped one), so both clients use undici's fetch on an agent with a
 * connect timeout and a first-response (headers) timeout, and classify what went wrong.
 */
import { Agent, fetch as undiciFetch } from "undici";

export interface HttpTimeouts {
  /** time to open the TCP (and TLS) connection */
  readonly connectTimeoutMs: number;
  /** time from sending a request to its response headers, and between body chunks */
  readonly responseTimeoutMs: number;
}

/** The profile's defaults: `connect_timeout` 5 s; `timeout` 30 s as the Trino Python client dbt-trino uses. */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { connectTimeoutMs: 5_000, responseTimeoutMs: 30_000 };

/** A fetch whose requests fail (rather than wait) past the timeouts. */
export function fetchWithTimeouts(timeouts: HttpTimeouts): typeof fetch {
  const dispatcher = new Agent({
    connect: { timeout: timeouts.connectTimeoutMs },
    headersTimeout: timeouts.responseTimeoutMs,
    bodyTimeout: timeouts.responseTimeoutMs,
  });
  // undici's Response is the same WHATWG Response global fetch returns
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

/**
 * Why a request got no response: `connect` (refused, no route, connect timeout: nothing was sent, so any request
 * may be sent again), `timeout` (connected, no answer in time), `reset` (the connection broke mid-request: the
 * server may have acted on it). undefined: not a network failure.
 */
export type NetworkFailure = "connect" | "timeout" | "reset";

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

export function networkFailureOf(e: unknown): NetworkFailure | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    if (CONNECT_CODES.has(code)) return "connect";
    if (TIMEOUT_CODES.has(code)) return "timeout";
    return "reset";
  }
  return e instanceof TypeError ? "reset" : undefined;
}

/** The failure in words for an error message, e.g. "connection refused" or "no answer within 5 s". */
export function describeNetworkFailure(e: unknown, timeouts: HttpTimeouts): string {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (code === "ECONNREFUSED") return "connection refused";
    if (code === "UND_ERR_CONNECT_TIMEOUT") return `no connection within ${timeouts.connectTimeoutMs / 1000} s`;
    if (typeof code === "string" && TIMEOUT_CODES.has(code))
      return `no answer within ${timeouts.responseTimeoutMs / 1000} s`;
    if (typeof code === "string") return `${code}${cur instanceof Error ? `: ${cur.message}` : ""}`;
  }
  return e instanceof Error ? e.message : String(e);
}

import { CatalogError } from "../../errors.js";
import { CatalogCode } from "../catalog-code.js";

export interface NessieHttpOptions {
  /** base of API v2, e.g. http://127.0.0.1:19120/api/v2 */
  readonly uri: string;
  readonly token?: string;
  readonly timeoutMs?: number;
}

/** Nessie's error body: `{status, reason, message, errorCode}`. */
interface NessieErrorBody {
  readonly status?: number;
  readonly message?: string;
  readonly errorCode?: string;
}

/** Path segment for a reference, optionally pinned to a hash: `name@hash` (names may contain `/`). */
export function refPath(name: string, hash?: string): string {
  return encodeURIComponent(hash ? `${name}@${hash}` : name);
}

/** One JSON call to Nessie API v2; Nessie's errors become CatalogErrors with stable codes. */
export class NessieHttp {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: NessieHttpOptions) {
    this.base = options.uri.replace(/\/+$/, "");
    this.headers = { Accept: "application/json", "Content-Type": "application/json" };
    if (options.token) this.headers["Authorization"] = `Bearer ${options.token}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async request<T>(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    body?: unknown,
    query?: Record<string, string | number | undefined>,
  ): Promise<T> {
    const url = new URL(`${this.base}/${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method,
        headers: this.headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // inside the try: a connection dropped while the body streams is as unreachable as one refused
      text = await res.text();
    } catch (e) {
      const timedOut = (e as Error).name === "TimeoutError";
      throw new CatalogError(
        CatalogCode.unreachable,
        timedOut
          ? `Nessie did not answer at ${this.base} within ${this.timeoutMs / 1000} s: it may be stopped or overloaded.`
          : `Nessie is unreachable at ${this.base} (${(e as Error).message}).`,
        {
          hint: "Start it (`tform sandbox up` for the local one) or fix `nessie.uri` in profiles.yml.",
          cause: e,
        },
      );
    }
    if (res.ok) return (text ? JSON.parse(text) : undefined) as T;
    throw nessieError(res.status, text, `${method} ${url.pathname}`);
  }
}

function nessieError(status: number, text: string, what: string): CatalogError {
  let body: NessieErrorBody = {};
  try {
    body = JSON.parse(text) as NessieErrorBody;
  } catch {
    // not JSON (a proxy's page): keep the text
  }
  const message = body.message ?? (text.slice(0, 300) || `HTTP ${status}`);
  switch (body.errorCode) {
    case "REFERENCE_NOT_FOUND":
      // a pinned hash that is not on the branch any more means the branch moved
      if (/Could not find commit/i.test(message))
        return new CatalogError(CatalogCode.referenceMoved, `${message} The reference moved since it was read.`, {
          hint: "Read the reference again and retry.",
        });
      if (/No common ancestor/i.test(message))
        return new CatalogError(CatalogCode.noCommonAncestor, message, {
          hint: "The branches share no history; on a fresh Nessie make one commit on main before branching (`tform sandbox up` does).",
        });
      return new CatalogError(CatalogCode.unknownReference, message, {
        hint: "Check the branch or tag name (`tform` lists refs with the history command).",
      });
    case "REFERENCE_CONFLICT":
      return new CatalogError(CatalogCode.referenceMoved, message, {
        hint: "The reference changed concurrently or its expected hash is stale; read it again and retry.",
      });
    case "REFERENCE_ALREADY_EXISTS":
      return new CatalogError(CatalogCode.referenceExists, message, {
        hint: "Pick another name or delete the existing reference.",
      });
    default:
      if (status === 401 || status === 403)
        return new CatalogError(CatalogCode.unauthorized, `Nessie refused ${what}: ${message}`, {
          hint: "Set a valid token in `nessie.token` (e.g. from env_var).",
        });
      return new CatalogError(
        CatalogCode.failed,
        `Nessie failed ${what} (HTTP ${status}${body.errorCode ? ` ${body.errorCode}` : ""}): ${message}`,
        {},
      );
  }
}

/**
 * Is Nessie there? GET /config within the connect timeout: a stopped or hung Nessie is found in seconds, before a
 * command creates a branch, instead of after the full response timeout of its first real call.
 */
export async function pingNessie(options: NessieHttpOptions, connectTimeoutMs: number): Promise<void> {
  await new NessieHttp({ ...options, timeoutMs: connectTimeoutMs }).request("GET", "config");
}

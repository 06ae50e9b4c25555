import type { Column, Engine, EngineCapabilities, ExecuteOptions, QueryResult } from "../engine.js";
import { ExecutionError, registerSecret } from "../../errors.js";
import { DEFAULT_HTTP_TIMEOUTS, fetchWithTimeouts, networkFailureOf, type HttpTimeouts } from "../../http-timeouts.js";
import { pingTrino, trinoUnreachable } from "./trino-ping.js";
import type { Target } from "../../project/types.js";
import { parseTrinoJson } from "./trino-json.js";
import { parseTrinoTimestamp } from "./trino-timestamp.js";

export interface TrinoEngineOptions {
  /** e.g. http://127.0.0.1:8080 or https://trino.example.com:443 */
  readonly server: string;
  readonly user: string;
  /** basic auth; Trino accepts it only over https */
  readonly password?: string;
  /** sent as `Authorization: Bearer` */
  readonly jwtToken?: string;
  readonly catalog?: string;
  readonly schema?: string;
  /** sent with every statement; a `SET SESSION` in one statement never leaks into the next */
  readonly sessionProperties?: Readonly<Record<string, string>>;
  readonly source?: string;
  /** connect and first-response timeouts (the profile's connect_timeout and timeout) */
  readonly timeouts?: HttpTimeouts;
  /** how often a request that may be sent again is retried after a network failure (the profile's retries) */
  readonly retries?: number;
  /** injectable for tests */
  readonly fetch?: typeof fetch;
}

/** One page of Trino's client protocol (POST /v1/statement, then GET nextUri until it is absent). */
interface StatementPage {
  id: string;
  nextUri?: string;
  columns?: Column[];
  data?: unknown[][];
  updateType?: string;
  updateCount?: number;
  error?: {
    message: string;
    errorName?: string;
    errorType?: string;
    errorLocation?: { lineNumber: number; columnNumber: number };
  };
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The Engine over Trino's REST protocol with plain fetch (no client library): one keep-alive connection
 * pool, no sleeps between polls, cancel by DELETE on the query's nextUri, big integers kept exact.
 */
/**
 * Trino's protocol takes one statement without a terminating `;` ("mismatched input ';'"); dbt-trino's own macros
 * (create_view_as, …) end theirs with one, and its client drops it, so tform's does too.
 */
export const withoutTerminator = (sql: string): string => sql.replace(/;\s*$/, "");

export class TrinoEngine implements Engine {
  readonly capabilities: EngineCapabilities = { dynamicCatalogs: true, createOrReplaceTable: true };
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly fetch: typeof fetch;
  private readonly running = new Set<AbortController>();
  private readonly timeouts: HttpTimeouts;

  constructor(private readonly options: TrinoEngineOptions) {
    this.base = options.server.replace(/\/+$/, "");
    this.timeouts = options.timeouts ?? DEFAULT_HTTP_TIMEOUTS;
    this.fetch = options.fetch ?? fetchWithTimeouts(this.timeouts);
    registerSecret(options.password);
    registerSecret(options.jwtToken);
    const headers: Record<string, string> = {
      "X-Trino-User": options.user,
      "X-Trino-Source": options.source ?? "tform",
    };
    if (options.jwtToken) headers["Authorization"] = `Bearer ${options.jwtToken}`;
    else if (options.password !== undefined)
      headers["Authorization"] = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString("base64")}`;
    const session = Object.entries(options.sessionProperties ?? {});
    if (session.length) headers["X-Trino-Session"] = session.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(",");
    this.headers = headers;
  }

  static fromTarget(target: Target): TrinoEngine {
    return new TrinoEngine({
      server: `${target.httpScheme}://${target.host}:${target.port}`,
      user: target.user,
      password: target.password,
      jwtToken: target.jwtToken,
      catalog: target.catalog,
      schema: target.schema,
      sessionProperties: target.sessionProperties,
      timeouts: target.timeouts,
      retries: target.retries,
    });
  }

  /** Fails fast (TF520/TF521) when the server is down or hung; see trino-ping.ts. */
  async ping(): Promise<void> {
    await pingTrino(this.base, this.timeouts);
  }

  async execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) throw cancelled(undefined);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    this.running.add(controller);
    const headers = { ...this.headers };
    const catalog = options.catalog ?? this.options.catalog;
    const schema = options.schema ?? this.options.schema;
    if (catalog) headers["X-Trino-Catalog"] = catalog;
    if (catalog && schema) headers["X-Trino-Schema"] = schema;
    let page: StatementPage | undefined;
    try {
      page = await this.call(`${this.base}/v1/statement`, "POST", headers, controller.signal, withoutTerminator(sql));
      let columns: Column[] | undefined;
      const rows: unknown[][] = [];
      for (;;) {
        if (page.columns && !columns) columns = page.columns.map((c) => ({ name: c.name, type: c.type }));
        if (page.data) rows.push(...page.data);
        if (page.error) throw queryFailed(page, sql);
        if (!page.nextUri) break;
        page = await this.call(page.nextUri, "GET", headers, controller.signal);
      }
      return {
        columns: columns ?? [],
        rows,
        queryId: page.id,
        updateType: page.updateType,
        updateCount: page.updateCount,
      };
    } catch (e) {
      if (controller.signal.aborted) {
        // tell Trino to stop the query; the abort only closed our side
        if (page?.nextUri) await this.fetch(page.nextUri, { method: "DELETE", headers }).catch(() => undefined);
        throw cancelled(page?.id, e);
      }
      throw e;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      this.running.delete(controller);
    }
  }

  instantOf(value: string): number | undefined {
    return parseTrinoTimestamp(value);
  }

  async cancelAll(): Promise<void> {
    for (const c of this.running) c.abort(new Error("cancelled by tform"));
    // let each execute() send its DELETE before returning
    while (this.running.size > 0) await sleep(5);
  }

  async close(): Promise<void> {
    await this.cancelAll();
  }

  private async call(
    url: string,
    method: "GET" | "POST",
    headers: Record<string, string>,
    signal: AbortSignal,
    body?: string,
  ): Promise<StatementPage> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      let text: string;
      try {
        res = await this.fetch(url, { method, headers, body, signal });
        text = await res.text();
      } catch (e) {
        if (signal.aborted) throw e;
        const failure = networkFailureOf(e);
        // a GET of nextUri is idempotent in Trino's protocol; a POST only when it never reached the server
        if (
          (failure === "connect" || (failure === "reset" && method === "GET")) &&
          attempt < (this.options.retries ?? 3)
        ) {
          await sleep(Math.min(100 * 2 ** attempt, 1_000));
          continue;
        }
        throw trinoUnreachable(this.base, e, this.timeouts);
      }
      if (res.ok) return parseTrinoJson(text) as StatementPage;
      // Trino's protocol: 503 (and proxies' 502/504, 429) mean "try the same URI again"
      if (RETRYABLE_STATUS.has(res.status) && attempt < 10) {
        await sleep(Math.min(50 * 2 ** attempt, 2_000));
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        throw new ExecutionError(
          "TF504",
          `Trino refused the credentials of user '${this.options.user}' (HTTP ${res.status}): ${text.slice(0, 200)}`,
          {
            hint: "Check user/password or jwt_token in profiles.yml (password and JWT need https).",
          },
        );
      }
      throw new ExecutionError(
        "TF505",
        `Trino answered HTTP ${res.status} to ${method} ${new URL(url).pathname}: ${text.slice(0, 300)}`,
        {},
      );
    }
  }
}

function queryFailed(page: StatementPage, sql: string): ExecutionError {
  const e = page.error!;
  const where = e.errorLocation ? ` at line ${e.errorLocation.lineNumber}:${e.errorLocation.columnNumber}` : "";
  const line = e.errorLocation ? sql.split("\n")[e.errorLocation.lineNumber - 1] : undefined;
  return new ExecutionError("TF501", `Trino query ${page.id} failed${where}: ${e.errorName ?? "ERROR"}: ${e.message}`, {
    queryId: page.id,
    hint: line ? `Offending line: ${line.trim()}` : undefined,
  });
}

function cancelled(queryId: string | undefined, cause?: unknown): ExecutionError {
  return new ExecutionError("TF502", `Trino query${queryId ? ` ${queryId}` : ""} was cancelled.`, { queryId, cause });
}

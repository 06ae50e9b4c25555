/**
 * An Engine for unit tests: records every statement it is sent and answers from a script, so tests
 * assert on the exact SQL tform would send to Trino without a server.
 */
import type { Engine, EngineCapabilities, ExecuteOptions, QueryResult } from "./engine.js";
import { parseTrinoTimestamp } from "./trino/trino-timestamp.js";

export interface RecordedStatement {
  readonly sql: string;
  readonly catalog?: string;
  readonly schema?: string;
}

/** A scripted answer: a result, an error to throw, or undefined for "no rows". */
export type ScriptedAnswer = QueryResult | Error | undefined;

export interface RecordingEngineOptions {
  /** answers each statement; the default returns no rows */
  readonly answer?: (sql: string) => ScriptedAnswer | Promise<ScriptedAnswer>;
  readonly capabilities?: Partial<EngineCapabilities>;
}

const EMPTY: QueryResult = { columns: [], rows: [] };

export class RecordingEngine implements Engine {
  readonly capabilities: EngineCapabilities;
  readonly statements: RecordedStatement[] = [];
  cancelled = 0;
  closed = false;
  private readonly answer: (sql: string) => ScriptedAnswer | Promise<ScriptedAnswer>;
  private readonly running = new Set<AbortController>();

  constructor(options: RecordingEngineOptions = {}) {
    this.capabilities = { dynamicCatalogs: true, createOrReplaceTable: true, ...options.capabilities };
    this.answer = options.answer ?? (() => undefined);
  }

  /** The recorded SQL texts, in the order they were sent. */
  get sql(): string[] {
    return this.statements.map((s) => s.sql);
  }

  async execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    options.signal?.throwIfAborted();
    this.statements.push({ sql, catalog: options.catalog, schema: options.schema });
    const controller = new AbortController();
    this.running.add(controller);
    try {
      const pending = Promise.resolve(this.answer(sql));
      // a scripted answer may be slow (a promise); cancelAll or the caller's signal ends it like Trino would
      const aborted = new Promise<never>((_, reject) => {
        const stop = (): void => reject(new Error(`Query was canceled: ${sql.slice(0, 60)}`));
        controller.signal.addEventListener("abort", stop, { once: true });
        options.signal?.addEventListener("abort", stop, { once: true });
      });
      aborted.catch(() => undefined);
      const a = await Promise.race([pending, aborted]);
      if (a instanceof Error) throw a;
      return a ?? EMPTY;
    } finally {
      this.running.delete(controller);
    }
  }

  /** answers are scripted in Trino's shapes, so its values read as Trino's */
  instantOf(value: string): number | undefined {
    return parseTrinoTimestamp(value);
  }

  async cancelAll(): Promise<void> {
    this.cancelled++;
    for (const c of this.running) c.abort();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

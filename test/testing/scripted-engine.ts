/** An Engine that records every statement and answers from a script (until the shared recording engine lands). */
import type { Engine, QueryResult } from "../../src/engine/engine.js";
import { parseTrinoTimestamp } from "../../src/engine/trino/trino-timestamp.js";

export class ScriptedEngine implements Engine {
  readonly capabilities = { dynamicCatalogs: true, createOrReplaceTable: true };
  readonly statements: string[] = [];
  constructor(private readonly answer: (sql: string) => QueryResult | Error = () => ({ columns: [], rows: [] })) {}
  async execute(sql: string): Promise<QueryResult> {
    this.statements.push(sql);
    const a = this.answer(sql);
    if (a instanceof Error) throw a;
    return a;
  }
  async cancelAll(): Promise<void> {}
  instantOf(value: string): number | undefined {
    return parseTrinoTimestamp(value);
  }
  async close(): Promise<void> {}
}

/** What the count-and-sample statement returns for `failures` failing rows with an `id` column. */
export function failingRows(failures: number, sample = Math.min(failures, 5)): QueryResult {
  return {
    columns: [
      { name: "id", type: "integer" },
      { name: "tform_failures__", type: "bigint" },
    ],
    rows: Array.from({ length: sample }, (_, i) => [i + 1, failures]),
  };
}

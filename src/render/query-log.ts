/**
 * The answers a render got from the database, in the order it asked. A template is rendered again after each new
 * query (NeedsQuery); replaying the answers by position, not by SQL text, gives a query repeated after a statement
 * with side effects its own later answer: `drop_schema` then `get_relation` of what it dropped sees it gone.
 */
import type { QueryResult } from "../engine/engine.js";

export class QueryLog {
  private readonly answers: { readonly sql: string; readonly result: QueryResult }[] = [];
  private cursor = 0;

  /** A new pass of the render starts from the first answer. */
  rewind(): void {
    this.cursor = 0;
  }

  /** The recorded answer to this pass's next query, if it asked the same; otherwise undefined (it must run). */
  next(sql: string): QueryResult | undefined {
    const answer = this.answers[this.cursor];
    if (answer?.sql === sql) {
      this.cursor++;
      return answer.result;
    }
    // the render took another path than last time: what it was answered after this point no longer applies
    this.answers.length = this.cursor;
    return undefined;
  }

  record(sql: string, result: QueryResult): void {
    this.answers.push({ sql, result });
  }
}

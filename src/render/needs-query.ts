/**
 * Thrown by run_query/get_columns_in_relation at run time when the answer is not known yet: compileNode
 * runs the query on the engine and renders again, so templates stay synchronous (and fast) everywhere else.
 */
export class NeedsQuery extends Error {
  constructor(readonly sql: string) {
    super(`query needed: ${sql}`);
  }
}

/** dbt's ephemeral models: each is inlined into its callers as `with __dbt__cte__<name> as (…)`, nested ones first. */

export interface Cte {
  readonly name: string;
  readonly sql: string;
}

/** Leading whitespace and SQL comments, which stay above the injected WITH. */
const LEADING_TRIVIA = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

export function injectCtes(sql: string, ctes: readonly Cte[]): string {
  if (ctes.length === 0) return sql;
  const defs = ctes.map((c) => `${c.name} as (\n${c.sql.trim()}\n)`).join(",\n");
  const head = LEADING_TRIVIA.exec(sql)?.[0] ?? "";
  const body = sql.slice(head.length);
  const existingWith = /^with(\s+recursive)?\s+/i.exec(body);
  if (existingWith) return `${head}${existingWith[0]}${defs},\n${body.slice(existingWith[0].length)}`;
  return `${head}with ${defs}\n${body}`;
}

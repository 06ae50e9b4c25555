/** SQL with its layout folded away (runs of whitespace, space inside parentheses and before commas), to compare what macros render. */
export const sqlShape = (sql: string): string =>
  sql.replace(/\s+/g, " ").replace(/\(\s/g, "(").replace(/\s\)/g, ")").replace(/\s,/g, ",").trim();

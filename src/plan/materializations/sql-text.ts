/** SQL text helpers of the materializations; quoting is the engine's (engine/sql-text.ts). */
export { quoteIdent, quoteRelation, sqlString } from "../../engine/sql-text.js";

/** A model's SELECT without the trailing `;` a user may leave, so it can be wrapped. */
export const bareSelect = (sql: string): string => sql.trim().replace(/;\s*$/, "").trimEnd();

/** Quoting for the SQL tform writes itself (Trino dialect). */
import type { Relation } from "../../project/types.js";

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const quoteRelation = (r: Relation): string => [r.database, r.schema, r.identifier].map(quoteIdent).join(".");

export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A model's SELECT without the trailing `;` a user may leave, so it can be wrapped. */
export const bareSelect = (sql: string): string => sql.trim().replace(/;\s*$/, "").trimEnd();

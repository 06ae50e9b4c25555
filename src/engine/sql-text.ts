/** Quoting for the SQL tform writes itself: Trino's (ANSI) identifiers and string literals, in one place. */
import type { Relation } from "../project/types.js";

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const quoteRelation = (r: Relation): string => [r.database, r.schema, r.identifier].map(quoteIdent).join(".");

export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Fingerprints: what a node's table is a function of, so that a build can reuse a table whose rebuild would write
 * the same rows. A fingerprint covers the node's compiled SQL (or a seed's CSV), the config that shapes what is
 * written, its hooks, tform's materialization version and the identity of every input: an upstream node's
 * fingerprint, or a table's Iceberg version (its metadata location) for a source or a table tform did not
 * fingerprint. An input without a stable identity (a source outside the lakehouse, a query of the database while
 * rendering, a volatile SQL function) makes the node "volatile": it always runs, and so do its descendants.
 */
import { createHash } from "node:crypto";
import { quoteIdent } from "../engine/sql-text.js";

/** Bumped whenever tform changes what a materialization writes for the same SQL and config. */
export const MATERIALIZATION_VERSION = 1;

/** Config that does not change what is written: documentation, selection and tform's own reuse switches. */
const NEUTRAL_CONFIG = new Set(["tags", "meta", "docs", "group", "description", "enabled", "full_refresh"]);

/**
 * SQL functions whose value changes between runs: a model using one must be rebuilt every time, as it would be
 * without fingerprints. Matched on the compiled SQL, so a template's `run_started_at` (rendered as a literal that
 * changes per run) needs no special case.
 */
const VOLATILE_SQL = /\b(now|current_timestamp|current_date|current_time|localtime|localtimestamp|random|rand|uuid)\b/i;

/** Why a node cannot be fingerprinted; `undefined` identities propagate as this. */
export interface Volatile {
  readonly volatile: string;
}

export type Identity = { readonly key: string } | Volatile;

export const isVolatile = (i: Identity): i is Volatile => "volatile" in i;

export interface FingerprintInput {
  readonly kind: string;
  /** the compiled SQL, or a seed's CSV text */
  readonly body: string;
  readonly hooks: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  /** input unique id → its identity */
  readonly inputs: ReadonlyMap<string, Identity>;
  /** the run's catalog: its name (which holds the branch) is not part of what the node computes */
  readonly runCatalog: string;
  /** whether the body is SQL (a seed's CSV may say "now" without being volatile) */
  readonly sql: boolean;
}

/** Sorted keys all the way down, so that equal config hashes equal whatever order YAML gave it. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export function nodeIdentity(input: FingerprintInput): Identity {
  for (const [id, identity] of input.inputs)
    if (isVolatile(identity)) return { volatile: `its input ${id} always runs (${identity.volatile})` };
  const normalize = (sql: string): string => sql.split(quoteIdent(input.runCatalog)).join('"{run catalog}"');
  const body = input.sql ? normalize(input.body) : input.body;
  const volatileFunction = input.sql ? VOLATILE_SQL.exec(body) : null;
  if (volatileFunction)
    return { volatile: `its SQL calls ${volatileFunction[1]!.toLowerCase()}, which changes per run` };
  const config = Object.fromEntries(Object.entries(input.config).filter(([k]) => !NEUTRAL_CONFIG.has(k)));
  const inputs = [...input.inputs]
    .map(([id, i]) => [id, (i as { key: string }).key])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
  const hash = createHash("sha256")
    .update(
      JSON.stringify([MATERIALIZATION_VERSION, input.kind, body, input.hooks.map(normalize), stable(config), inputs]),
    )
    .digest("hex");
  return { key: `fp:${hash.slice(0, 32)}` };
}

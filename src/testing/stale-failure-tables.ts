/**
 * Failing rows stored by an earlier test run live in `<schema>_dbt_test__audit` on the branch. Dropped
 * before a new run reads the branch hash, they stay out of the tested hash and so never reach main.
 */
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { quoteIdent } from "../engine/sql-text.js";
import { isAuditKey } from "../publish/tested-hash.js";

export interface DropStaleFailureTablesOptions {
  readonly catalog: Catalog;
  readonly engine: Engine;
  readonly branch: string;
  /** Trino catalog bound to the branch */
  readonly trinoCatalog: string;
  readonly signal?: AbortSignal;
}

/** Returns the dropped tables and schemas as "schema.table" / "schema". */
export async function dropStaleFailureTables(options: DropStaleFailureTablesOptions): Promise<string[]> {
  const { catalog, engine, trinoCatalog, signal } = options;
  const ref = await catalog.getReference(options.branch);
  if (!ref) return [];
  const audit = (await catalog.listContents(ref)).filter((e) => isAuditKey(e.key));
  const dropped: string[] = [];
  for (const e of audit.filter((x) => x.kind === "ICEBERG_TABLE" && x.key.length === 2)) {
    await engine.execute(`drop table if exists ${[trinoCatalog, ...e.key].map(quoteIdent).join(".")}`, { signal });
    dropped.push(e.key.join("."));
  }
  for (const e of audit.filter((x) => x.kind === "NAMESPACE" && x.key.length === 1)) {
    await engine.execute(`drop schema if exists ${quoteIdent(trinoCatalog)}.${quoteIdent(e.key[0]!)}`, { signal });
    dropped.push(e.key[0]!);
  }
  return dropped;
}

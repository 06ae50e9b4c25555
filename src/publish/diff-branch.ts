/** `tform diff --branch dev`: per model, new / changed / unchanged versus main, with row counts on both sides. */
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { quoteIdent } from "../engine/sql-text.js";
import { requireReference } from "./references.js";

export interface DiffModel {
  readonly uniqueId: string;
  readonly schema: string;
  readonly identifier: string;
}

export interface ModelDiff extends DiffModel {
  /** not-built: the model has no table on the branch */
  readonly status: "new" | "changed" | "unchanged" | "not-built";
  readonly branchRows?: number;
  readonly intoRows?: number;
}

export interface DiffBranchOptions {
  readonly catalog: Catalog;
  readonly engine: Engine;
  readonly branch: string;
  readonly into?: string;
  /** Trino catalogs bound to the branch and to `into` */
  readonly branchCatalog: string;
  readonly intoCatalog: string;
  readonly models: readonly DiffModel[];
  readonly signal?: AbortSignal;
}

export async function diffBranch(options: DiffBranchOptions): Promise<ModelDiff[]> {
  const { catalog } = options;
  const [branchRef, intoRef] = await Promise.all([
    requireReference(catalog, options.branch),
    requireReference(catalog, options.into ?? "main"),
  ]);
  const [onBranch, onInto, diff] = await Promise.all([
    catalog.listContents(branchRef),
    catalog.listContents(intoRef),
    catalog.diff(intoRef, branchRef),
  ]);
  const k = (schema: string, identifier: string): string => `${schema}.${identifier}`;
  const branchKeys = new Set(onBranch.map((e) => e.key.join(".")));
  const intoKeys = new Set(onInto.map((e) => e.key.join(".")));
  const changed = new Set(diff.filter((e) => e.change === "changed").map((e) => e.key.join(".")));
  const [branchRows, intoRows] = await Promise.all([
    rowCounts(
      options.engine,
      options.branchCatalog,
      options.models.filter((m) => branchKeys.has(k(m.schema, m.identifier))),
      options.signal,
    ),
    rowCounts(
      options.engine,
      options.intoCatalog,
      options.models.filter((m) => intoKeys.has(k(m.schema, m.identifier))),
      options.signal,
    ),
  ]);
  return options.models.map((m) => {
    const key = k(m.schema, m.identifier);
    const status = !branchKeys.has(key)
      ? "not-built"
      : !intoKeys.has(key)
        ? "new"
        : changed.has(key)
          ? "changed"
          : "unchanged";
    return { ...m, status, branchRows: branchRows.get(m.uniqueId), intoRows: intoRows.get(m.uniqueId) };
  });
}

/** All counts of one side in a single statement. */
async function rowCounts(
  engine: Engine,
  trinoCatalog: string,
  models: readonly DiffModel[],
  signal?: AbortSignal,
): Promise<Map<string, number>> {
  if (models.length === 0) return new Map();
  const parts = models.map(
    (m, i) =>
      `select ${i} as i, count(*) as n from ${[trinoCatalog, m.schema, m.identifier].map(quoteIdent).join(".")}`,
  );
  const result = await engine.execute(parts.join("\nunion all\n"), { signal });
  return new Map(result.rows.map((r) => [models[Number(r[0])]!.uniqueId, Number(r[1])]));
}

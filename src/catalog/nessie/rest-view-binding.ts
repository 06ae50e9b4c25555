import { CatalogError } from "../../errors.js";
import type { BoundMergeSource, Catalog, ContentKey, ReboundView, Reference } from "../catalog.js";
import { NessieHttp } from "./nessie-http.js";
import { CatalogCode } from "../catalog-code.js";

/**
 * Trino stores a view with the *session catalog* of the statement that created it (Iceberg's
 * `default-catalog`) and resolves the view's unqualified names against it, whatever catalog the view
 * is read through. A view built on a branch catalog (`tform_dev`) therefore keeps reading `tform_dev`
 * after the merge: silently the branch while that catalog exists, "Catalog 'tform_dev' not found"
 * once it is dropped (both seen on Trino 476 + Nessie 0.99). Rebinding rewrites only that field,
 * through Nessie's Iceberg REST API, so no SQL is re-analysed and tables new on the branch are fine.
 */
export interface ViewBindingOptions {
  /** Nessie's Iceberg REST base, e.g. http://127.0.0.1:19120/iceberg */
  readonly icebergUri: string;
  readonly token?: string;
  /** branch whose views are rewritten (a commit per view on it) */
  readonly ref: string;
  /** the Trino catalog name the views must resolve in, e.g. `iceberg` for main */
  readonly catalog: string;
  /** only these views (e.g. those a publish changes); default: every view on `ref` */
  readonly only?: readonly ContentKey[];
}

interface ViewVersion {
  readonly "version-id": number;
  readonly "default-catalog"?: string | null;
  readonly [field: string]: unknown;
}

interface LoadViewResult {
  readonly metadata: {
    readonly "view-uuid": string;
    readonly "current-version-id": number;
    readonly versions: readonly ViewVersion[];
  };
}

/** `…/api/v2` → `…/iceberg`: Nessie serves both from one server. */
export function icebergUriFromNessieUri(nessieUri: string): string {
  return nessieUri.replace(/\/+$/, "").replace(/\/api\/v[12]$/, "") + "/iceberg";
}

// Iceberg REST joins namespace levels with the unit separator in paths
const nsPath = (ns: ContentKey) => encodeURIComponent(ns.join("\u001f"));

async function pages<T>(
  fetchPage: (token?: string) => Promise<{ items: readonly T[]; next?: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    out.push(...page.items);
    token = page.next ?? undefined;
  } while (token);
  return out;
}

async function listNamespaces(http: NessieHttp, prefix: string, parent?: ContentKey): Promise<ContentKey[]> {
  const children = await pages(async (pageToken) => {
    const r = await http.request<{ namespaces: string[][]; "next-page-token"?: string | null }>(
      "GET",
      `v1/${prefix}/namespaces`,
      undefined,
      { parent: parent ? parent.join("\u001f") : undefined, pageToken },
    );
    return { items: r.namespaces, next: r["next-page-token"] };
  });
  const nested = await Promise.all(children.map((ns) => listNamespaces(http, prefix, ns)));
  return [...children, ...nested.flat()];
}

async function listViews(http: NessieHttp, prefix: string, ns: ContentKey): Promise<ContentKey[]> {
  return pages(async (pageToken) => {
    const r = await http.request<{
      identifiers: { namespace: string[]; name: string }[];
      "next-page-token"?: string | null;
    }>("GET", `v1/${prefix}/namespaces/${nsPath(ns)}/views`, undefined, { pageToken });
    return { items: r.identifiers.map((id) => [...id.namespace, id.name]), next: r["next-page-token"] };
  });
}

/** Points every view on `ref` at `catalog`; views already bound there are left alone. Returns what changed. */
export async function bindViewsToCatalog(options: ViewBindingOptions): Promise<readonly ReboundView[]> {
  const http = new NessieHttp({ uri: options.icebergUri, token: options.token });
  const prefix = encodeURIComponent(options.ref);
  const rebound: ReboundView[] = [];
  const wanted = options.only ? new Set(options.only.map((k) => k.join("\u001f"))) : undefined;
  for (const ns of await listNamespaces(http, prefix)) {
    for (const key of await listViews(http, prefix, ns)) {
      if (wanted && !wanted.has(key.join("\u001f"))) continue;
      const path = `v1/${prefix}/namespaces/${nsPath(key.slice(0, -1))}/views/${encodeURIComponent(key[key.length - 1] ?? "")}`;
      const { metadata } = await http.request<LoadViewResult>("GET", path);
      const current = metadata.versions.find((v) => v["version-id"] === metadata["current-version-id"]);
      if (!current)
        throw new CatalogError(
          CatalogCode.failed,
          `View ${key.join(".")} on ${options.ref} has no current version in its metadata.`,
          { hint: "Recreate the view (run its model again)." },
        );
      const from = current["default-catalog"] ?? null;
      if (from === options.catalog) continue;
      const next = Math.max(...metadata.versions.map((v) => v["version-id"])) + 1;
      await http.request("POST", path, {
        requirements: [{ type: "assert-view-uuid", uuid: metadata["view-uuid"] }],
        updates: [
          {
            action: "add-view-version",
            "view-version": {
              ...current,
              "version-id": next,
              "timestamp-ms": Date.now(),
              "default-catalog": options.catalog,
            },
          },
          // -1: the version added by this commit
          { action: "set-current-view-version", "view-version-id": -1 },
        ],
      });
      rebound.push({ key, from, to: options.catalog });
    }
  }
  return rebound;
}

/**
 * Runs `merge` from a copy of `tested` whose views are bound to `catalog`: a temporary branch is made
 * at the tested hash, its views are rebound (one commit each), `merge` gets that branch's head, and
 * the temporary branch is deleted afterwards. The tested branch itself is never written. With no
 * view to rebind, `merge` gets the tested hash unchanged.
 */
export async function mergeWithViewsBound<T>(
  nessie: Catalog,
  options: Omit<ViewBindingOptions, "ref"> & { readonly tested: Reference },
  merge: (source: BoundMergeSource) => Promise<T>,
): Promise<T> {
  const temp = `${options.tested.name}__tform_publish_${options.tested.hash.slice(0, 12)}`;
  const stale = await nessie.getReference(temp);
  if (stale) await nessie.deleteReference(stale);
  const created = await nessie.createBranch(temp, { ...options.tested, type: "BRANCH" });
  try {
    const rebound = await bindViewsToCatalog({ ...options, ref: temp });
    if (rebound.length === 0)
      return await merge({ fromRef: options.tested.name, fromHash: options.tested.hash, rebound });
    const head = await nessie.getReference(temp);
    if (!head)
      throw new CatalogError(
        CatalogCode.unknownReference,
        `The temporary publish branch ${temp} disappeared while its views were rebound.`,
        { hint: "Run publish again." },
      );
    return await merge({ fromRef: temp, fromHash: head.hash, rebound });
  } finally {
    const current = (await nessie.getReference(temp)) ?? created;
    await nessie.deleteReference(current).catch(() => undefined);
  }
}

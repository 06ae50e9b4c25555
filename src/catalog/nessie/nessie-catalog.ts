import type {
  Catalog,
  CatalogCapabilities,
  CommitMeta,
  ContentEntry,
  ContentKey,
  ContentKind,
  DiffEntry,
  LogEntry,
  MergeRequest,
  MergeResult,
  Reference,
  ReferenceType,
} from "../catalog.js";
import { CatalogError } from "../../errors.js";
import { NessieHttp, refPath, type NessieHttpOptions } from "./nessie-http.js";
import { CatalogCode } from "../catalog-code.js";

/** Wire shapes of Nessie API v2 (0.99.0), only the fields tform reads. */
interface WireRef {
  type: ReferenceType;
  name: string;
  hash: string;
}
interface WireKey {
  elements: string[];
}
interface WireContent {
  type: string;
}
interface WireCommitMeta {
  hash?: string;
  message: string;
  authors?: string[];
  allProperties?: Record<string, string[]>;
  properties?: Record<string, string>;
  commitTime?: string;
}
interface Page {
  token?: string | null;
  hasMore?: boolean;
}
interface MergeResponse {
  wasApplied: boolean;
  wasSuccessful: boolean;
  resultantTargetHash?: string | null;
  effectiveTargetHash?: string | null;
  details?: { key: WireKey; conflict?: { conflictType: string; key?: WireKey; message?: string } | null }[];
}

const PAGE_SIZE = 250;

function toRef(r: WireRef): Reference {
  return { name: r.name, type: r.type, hash: r.hash };
}

function contentKind(type: string | undefined): ContentKind {
  return type === "ICEBERG_TABLE" || type === "ICEBERG_VIEW" || type === "NAMESPACE" ? type : "OTHER";
}

function wireMeta(meta: CommitMeta): WireCommitMeta {
  return {
    message: meta.message,
    ...(meta.author ? { authors: [meta.author] } : {}),
    ...(meta.properties ? { properties: { ...meta.properties } } : {}),
  };
}

function fromWireMeta(m: WireCommitMeta): CommitMeta {
  const properties: Record<string, string> = { ...(m.properties ?? {}) };
  for (const [k, v] of Object.entries(m.allProperties ?? {})) if (v[0] !== undefined) properties[k] = v[0];
  const author = m.authors?.find((a) => a !== "");
  return { message: m.message, ...(author ? { author } : {}), properties };
}

/** The Catalog over Project Nessie's REST API v2 (verified against Nessie 0.99.0). */
export class NessieCatalog implements Catalog {
  readonly capabilities: CatalogCapabilities = { branches: true };
  private readonly http: NessieHttp;

  constructor(options: NessieHttpOptions) {
    this.http = new NessieHttp(options);
  }

  async getReference(name: string): Promise<Reference | undefined> {
    try {
      return toRef((await this.http.request<{ reference: WireRef }>("GET", `trees/${refPath(name)}`)).reference);
    } catch (e) {
      if (e instanceof CatalogError && e.code === CatalogCode.unknownReference) return undefined;
      throw e;
    }
  }

  /** Like getReference, but a missing reference is an error that names it. */
  async requireReference(name: string): Promise<Reference> {
    const ref = await this.getReference(name);
    if (!ref)
      throw new CatalogError(CatalogCode.unknownReference, `Nessie has no branch or tag named '${name}'.`, {
        hint: "Create it first, or check the name.",
      });
    return ref;
  }

  async listReferences(): Promise<readonly Reference[]> {
    return (await this.paged<WireRef>("trees", "references")).map(toRef);
  }

  createBranch(name: string, from: Reference): Promise<Reference> {
    return this.create(name, "BRANCH", from);
  }

  createTag(name: string, at: Reference): Promise<Reference> {
    return this.create(name, "TAG", at);
  }

  private async create(name: string, type: ReferenceType, source: Reference): Promise<Reference> {
    // Nessie takes the new ref's name and type as query parameters and the SOURCE reference as the body
    const res = await this.http.request<{ reference: WireRef }>(
      "POST",
      "trees",
      { type: source.type, name: source.name, hash: source.hash },
      { name, type },
    );
    return toRef(res.reference);
  }

  async assignBranch(name: string, expectedHash: string, to: Reference): Promise<Reference> {
    const res = await this.http.request<{ reference: WireRef }>(
      "PUT",
      `trees/${refPath(name, expectedHash)}`,
      { type: to.type, name: to.name, hash: to.hash },
      { type: "BRANCH" },
    );
    return toRef(res.reference);
  }

  async deleteReference(ref: Reference): Promise<void> {
    await this.http.request("DELETE", `trees/${refPath(ref.name, ref.hash)}`, undefined, { type: ref.type });
  }

  async merge(request: MergeRequest): Promise<MergeResult> {
    // Nessie 0.99.0 binds `isDryRun`/`isReturnConflictAsResult`; the names `dryRun`/`returnConflictAsResult`
    // are silently ignored, so a "dry run" spelled that way really merges.
    const body = {
      fromRefName: request.fromRef,
      fromHash: request.fromHash,
      message: request.meta.message,
      commitMeta: wireMeta(request.meta),
      isDryRun: request.dryRun === true,
      isReturnConflictAsResult: true,
    };
    let res: MergeResponse;
    try {
      res = await this.http.request<MergeResponse>(
        "POST",
        `trees/${refPath(request.into, request.expectedIntoHash)}/history/merge`,
        body,
      );
    } catch (e) {
      if (
        e instanceof CatalogError &&
        e.code === CatalogCode.referenceMoved &&
        /changed in conflict/i.test(e.message)
      ) {
        throw new CatalogError(
          CatalogCode.conflict,
          `Merging ${request.fromRef} into ${request.into} conflicts: ${e.message}`,
          { hint: "Rebuild the branch from the new main, test it and publish again.", cause: e },
        );
      }
      throw e;
    }
    const conflicts = (res.details ?? [])
      .filter((d) => d.conflict)
      .map((d) => d.conflict?.key?.elements ?? d.key.elements);
    const ok = res.wasSuccessful && conflicts.length === 0;
    const resultHash =
      ok && !request.dryRun && res.resultantTargetHash
        ? res.resultantTargetHash
        : (res.effectiveTargetHash ?? request.expectedIntoHash);
    return { ok, applied: ok && res.wasApplied, resultHash, conflicts };
  }

  async diff(from: Reference, to: Reference): Promise<readonly DiffEntry[]> {
    type Diff = { key: WireKey; from?: WireContent | null; to?: WireContent | null };
    const diffs = await this.paged<Diff>(
      `trees/${refPath(from.name, from.hash)}/diff/${refPath(to.name, to.hash)}`,
      "diffs",
    );
    return diffs.map((d) => ({
      key: d.key.elements,
      kind: contentKind((d.to ?? d.from)?.type),
      change: !d.from ? "added" : !d.to ? "removed" : "changed",
    }));
  }

  async history(ref: string, limit?: number): Promise<readonly LogEntry[]> {
    type Entry = { commitMeta: WireCommitMeta; parentCommitHash?: string | null };
    // a bare commit hash is addressed as a detached reference, `@hash`
    const path = /^[0-9a-f]{16,64}$/.test(ref) ? encodeURIComponent(`@${ref}`) : refPath(ref);
    const entries = await this.paged<Entry>(`trees/${path}/history`, "logEntries", limit);
    return entries.map((e) => ({
      hash: e.commitMeta.hash ?? "",
      ...(e.parentCommitHash ? { parentHash: e.parentCommitHash } : {}),
      meta: fromWireMeta(e.commitMeta),
      ...(e.commitMeta.commitTime ? { commitTime: e.commitMeta.commitTime } : {}),
    }));
  }

  async listContents(ref: Reference, options?: { readonly versions?: boolean }): Promise<readonly ContentEntry[]> {
    type Entry = { type: string; name: WireKey; content?: { metadataLocation?: string } };
    const entries = await this.paged<Entry>(
      `trees/${refPath(ref.name, ref.hash)}/entries`,
      "entries",
      undefined,
      options?.versions ? { content: "true" } : {},
    );
    return entries.map((e) => ({
      key: e.name.elements,
      kind: contentKind(e.type),
      ...(e.content?.metadataLocation ? { version: e.content.metadataLocation } : {}),
    }));
  }

  /** Follows Nessie's `token`/`hasMore` paging until done or `limit` items were read. */
  private async paged<T>(
    path: string,
    field: string,
    limit?: number,
    query: Record<string, string | number> = {},
  ): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.http.request<Page & Record<string, unknown>>("GET", path, undefined, {
        ...query,
        "max-records": limit ? Math.min(PAGE_SIZE, limit - out.length) : PAGE_SIZE,
        "page-token": token,
      });
      out.push(...((page[field] as T[] | undefined) ?? []));
      token = page.hasMore && page.token ? page.token : undefined;
    } while (token && (limit === undefined || out.length < limit));
    return limit === undefined ? out : out.slice(0, limit);
  }
}

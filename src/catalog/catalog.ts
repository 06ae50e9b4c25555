/** The versioned catalog seen by the rest of tform. Only catalog/nessie/ talks to Nessie. */

export type ReferenceType = "BRANCH" | "TAG";

export interface Reference {
  readonly name: string;
  readonly type: ReferenceType;
  readonly hash: string;
}

/** A table/view/namespace key in the catalog, e.g. ["silver", "orders"]. */
export type ContentKey = readonly string[];

export type ContentKind = "ICEBERG_TABLE" | "ICEBERG_VIEW" | "NAMESPACE" | "OTHER";

export interface DiffEntry {
  readonly key: ContentKey;
  readonly kind: ContentKind;
  /** added: only on `to`; removed: only on `from`; changed: on both, different content */
  readonly change: "added" | "removed" | "changed";
}

export interface CommitMeta {
  readonly message: string;
  readonly author?: string;
  readonly properties?: Readonly<Record<string, string>>;
}

export interface LogEntry {
  readonly hash: string;
  readonly parentHash?: string;
  readonly meta: CommitMeta;
  readonly commitTime?: string;
}

export interface MergeRequest {
  readonly fromRef: string;
  /** The exact hash that was tested; the merge must not take anything newer. */
  readonly fromHash: string;
  readonly into: string;
  /** Hash of `into` the caller saw; a moved target is merged only if it does not conflict. */
  readonly expectedIntoHash: string;
  readonly meta: CommitMeta;
  readonly dryRun?: boolean;
}

export interface MergeResult {
  readonly ok: boolean;
  /** false when nothing was committed: a dry run, a conflict, or a source with nothing `into` lacks */
  readonly applied: boolean;
  /** Hash of `into` after the merge (unchanged on dry run or conflict). */
  readonly resultHash: string;
  readonly conflicts: readonly ContentKey[];
}

export interface CatalogCapabilities {
  /** false for plain Iceberg catalogs (REST without Nessie, JDBC): build in place, no publish. */
  readonly branches: boolean;
}

export interface Catalog {
  readonly capabilities: CatalogCapabilities;
  getReference(name: string): Promise<Reference | undefined>;
  listReferences(): Promise<readonly Reference[]>;
  createBranch(name: string, from: Reference): Promise<Reference>;
  createTag(name: string, at: Reference): Promise<Reference>;
  /** Points an existing branch at another hash (rollback); `expectedHash` guards concurrent moves. */
  assignBranch(name: string, expectedHash: string, to: Reference): Promise<Reference>;
  deleteReference(ref: Reference): Promise<void>;
  merge(request: MergeRequest): Promise<MergeResult>;
  diff(from: Reference, to: Reference): Promise<readonly DiffEntry[]>;
  history(ref: string, limit?: number): Promise<readonly LogEntry[]>;
  /**
   * Every table, view and namespace visible at a reference; with `versions`, also each table's and view's version
   * (Iceberg's metadata location: it changes with every commit to that table), one request either way.
   */
  listContents(ref: Reference, options?: { readonly versions?: boolean }): Promise<readonly ContentEntry[]>;
}

export interface ContentEntry {
  readonly key: ContentKey;
  readonly kind: ContentKind;
  readonly version?: string;
}

/** A view whose session catalog a publish rebinds (Nessie REST keeps the catalog a view was created in). */
export interface ReboundView {
  readonly key: ContentKey;
  readonly from: string | null;
  readonly to: string;
}

/** Where a publish merges from: the tested branch itself, or a copy at its hash with views rebound to main. */
export interface BoundMergeSource {
  readonly fromRef: string;
  readonly fromHash: string;
  readonly rebound: readonly ReboundView[];
}

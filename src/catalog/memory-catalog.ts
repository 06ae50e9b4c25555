/**
 * An in-memory Catalog with Nessie's semantics (branches, tags, commit hashes, merges with
 * per-key conflict detection, diffs), for unit tests that must not need a server.
 */
import { createHash } from "node:crypto";
import { CatalogError } from "../errors.js";
import { CatalogCode } from "./catalog-code.js";
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
} from "./catalog.js";

/** What a key holds at a commit; `version` changes whenever the table gets a new snapshot. */
export interface MemoryContent {
  readonly kind: ContentKind;
  readonly version: string;
}

export type MemoryOperation =
  | { readonly kind: "put"; readonly key: ContentKey; readonly content?: Partial<MemoryContent> }
  | { readonly kind: "delete"; readonly key: ContentKey };

interface Commit {
  readonly hash: string;
  readonly parents: readonly string[];
  readonly meta: CommitMeta;
  readonly commitTime: string;
  readonly contents: ReadonlyMap<string, MemoryContent>;
}

const NO_ANCESTOR = "0".repeat(16);
const keyString = (key: ContentKey): string => key.join(".");
const keyOf = (s: string): ContentKey => s.split(".");

export class MemoryCatalog implements Catalog {
  readonly capabilities: CatalogCapabilities;
  /** Every merge request received, for assertions. */
  readonly merges: MergeRequest[] = [];
  private readonly commits = new Map<string, Commit>();
  private readonly refs = new Map<string, { type: Reference["type"]; hash: string }>();
  private counter = 0;

  constructor(options: { branches?: boolean; defaultBranch?: string } = {}) {
    this.capabilities = { branches: options.branches ?? true };
    const root = this.addCommit([], { message: "root" }, new Map());
    this.refs.set(options.defaultBranch ?? "main", { type: "BRANCH", hash: root });
  }

  async getReference(name: string): Promise<Reference | undefined> {
    const r = this.refs.get(name);
    return r ? { name, type: r.type, hash: r.hash } : undefined;
  }

  async listReferences(): Promise<readonly Reference[]> {
    return [...this.refs].map(([name, r]) => ({ name, type: r.type, hash: r.hash }));
  }

  async createBranch(name: string, from: Reference): Promise<Reference> {
    return this.createRef(name, "BRANCH", from);
  }

  async createTag(name: string, at: Reference): Promise<Reference> {
    return this.createRef(name, "TAG", at);
  }

  async assignBranch(name: string, expectedHash: string, to: Reference): Promise<Reference> {
    const r = this.requireRef(name, "BRANCH");
    if (r.hash !== expectedHash) throw moved(name, expectedHash, r.hash);
    this.requireCommit(to.hash);
    this.refs.set(name, { type: "BRANCH", hash: to.hash });
    return { name, type: "BRANCH", hash: to.hash };
  }

  async deleteReference(ref: Reference): Promise<void> {
    const r = this.requireRef(ref.name, ref.type);
    if (r.hash !== ref.hash) throw moved(ref.name, ref.hash, r.hash);
    this.refs.delete(ref.name);
  }

  async merge(request: MergeRequest): Promise<MergeResult> {
    this.merges.push(request);
    const from = this.requireRef(request.fromRef);
    this.requireCommit(request.fromHash);
    if (from.hash !== request.fromHash && !this.isAncestor(request.fromHash, from.hash)) {
      throw new CatalogError(CatalogCode.unknownReference, `Hash ${request.fromHash} is not on ${request.fromRef}.`, {
        hint: "Publish a hash that the branch contains; run the tests again on the branch.",
      });
    }
    const into = this.requireRef(request.into, "BRANCH");
    this.requireCommit(request.expectedIntoHash);
    const base = this.mergeBase(request.fromHash, into.hash);
    const baseContents = base ? this.requireCommit(base).contents : new Map<string, MemoryContent>();
    const source = this.requireCommit(request.fromHash).contents;
    const target = this.requireCommit(into.hash).contents;
    const sourceChanges = changedKeys(baseContents, source);
    const targetChanges = changedKeys(baseContents, target);
    const conflicts = [...sourceChanges].filter(
      (k) => targetChanges.has(k) && !sameContent(source.get(k), target.get(k)),
    );
    if (conflicts.length > 0 || request.dryRun) {
      return { ok: conflicts.length === 0, applied: false, resultHash: into.hash, conflicts: conflicts.map(keyOf) };
    }
    if (sourceChanges.size === 0) return { ok: true, applied: false, resultHash: into.hash, conflicts: [] };
    const merged = new Map(target);
    for (const k of sourceChanges) {
      const c = source.get(k);
      if (c) merged.set(k, c);
      else merged.delete(k);
    }
    const hash = this.addCommit([into.hash, request.fromHash], request.meta, merged);
    this.refs.set(request.into, { type: "BRANCH", hash });
    return { ok: true, applied: true, resultHash: hash, conflicts: [] };
  }

  async diff(from: Reference, to: Reference): Promise<readonly DiffEntry[]> {
    const a = this.requireCommit(from.hash).contents;
    const b = this.requireCommit(to.hash).contents;
    const out: DiffEntry[] = [];
    for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const x = a.get(k);
      const y = b.get(k);
      if (x && !y) out.push({ key: keyOf(k), kind: x.kind, change: "removed" });
      else if (!x && y) out.push({ key: keyOf(k), kind: y.kind, change: "added" });
      else if (x && y && !sameContent(x, y)) out.push({ key: keyOf(k), kind: y.kind, change: "changed" });
    }
    return out;
  }

  async history(ref: string, limit = Number.POSITIVE_INFINITY): Promise<readonly LogEntry[]> {
    const out: LogEntry[] = [];
    let hash: string | undefined = this.refs.get(ref)?.hash ?? (this.commits.has(ref) ? ref : undefined);
    if (hash === undefined) throw notFound(ref);
    while (hash !== undefined && out.length < limit) {
      const c = this.requireCommit(hash);
      out.push({ hash: c.hash, parentHash: c.parents[0] ?? NO_ANCESTOR, meta: c.meta, commitTime: c.commitTime });
      hash = c.parents[0];
    }
    return out;
  }

  async listContents(ref: Reference, options?: { readonly versions?: boolean }): Promise<readonly ContentEntry[]> {
    const contents = this.requireCommit(ref.hash).contents;
    return [...contents]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, c]) => ({ key: keyOf(k), kind: c.kind, ...(options?.versions ? { version: c.version } : {}) }));
  }

  // ---- test helpers (not part of Catalog) ----

  /** Commits operations on a branch, like a Trino write would; returns the new hash. */
  commit(branch: string, operations: readonly MemoryOperation[], meta: CommitMeta = { message: "commit" }): string {
    const r = this.requireRef(branch, "BRANCH");
    const contents = new Map(this.requireCommit(r.hash).contents);
    for (const op of operations) {
      const k = keyString(op.key);
      if (op.kind === "delete") contents.delete(k);
      else {
        const kind = op.content?.kind ?? "ICEBERG_TABLE";
        contents.set(k, { kind, version: op.content?.version ?? `v${++this.counter}` });
      }
    }
    const hash = this.addCommit([r.hash], meta, contents);
    this.refs.set(branch, { type: "BRANCH", hash });
    return hash;
  }

  /** Shorthand: writes (a new version of) each table, e.g. putTables("dev", "silver.orders"). */
  putTables(branch: string, ...keys: string[]): string {
    return this.commit(
      branch,
      keys.map((k) => ({ kind: "put" as const, key: keyOf(k) })),
      { message: `write ${keys.join(", ")}` },
    );
  }

  /** Content of a key at a reference or hash, if any. */
  contentAt(refOrHash: string, key: string): MemoryContent | undefined {
    const hash = this.refs.get(refOrHash)?.hash ?? refOrHash;
    return this.requireCommit(hash).contents.get(key);
  }

  private createRef(name: string, type: Reference["type"], from: Reference): Reference {
    if (this.refs.has(name)) {
      throw new CatalogError(CatalogCode.referenceExists, `Reference ${name} already exists.`, {
        hint: "Choose another name or delete the existing reference.",
      });
    }
    this.requireCommit(from.hash);
    this.refs.set(name, { type, hash: from.hash });
    return { name, type, hash: from.hash };
  }

  private addCommit(
    parents: readonly string[],
    meta: CommitMeta,
    contents: ReadonlyMap<string, MemoryContent>,
  ): string {
    const hash = createHash("sha256")
      .update(`${++this.counter}:${parents.join(",")}`)
      .digest("hex")
      .slice(0, 16);
    this.commits.set(hash, {
      hash,
      parents,
      meta,
      commitTime: new Date(Date.UTC(2026, 0, 1) + this.counter * 1000).toISOString(),
      contents,
    });
    return hash;
  }

  private requireRef(name: string, type?: Reference["type"]): { type: Reference["type"]; hash: string } {
    const r = this.refs.get(name);
    if (!r || (type && r.type !== type)) throw notFound(name);
    return r;
  }

  private requireCommit(hash: string): Commit {
    const c = this.commits.get(hash);
    if (!c)
      throw new CatalogError(CatalogCode.unknownReference, `Commit ${hash} does not exist.`, {
        hint: "Check the hash; list references with `tform history`.",
      });
    return c;
  }

  private ancestors(hash: string): Set<string> {
    const seen = new Set<string>();
    const stack = [hash];
    while (stack.length > 0) {
      const h = stack.pop() as string;
      if (seen.has(h)) continue;
      seen.add(h);
      stack.push(...this.requireCommit(h).parents);
    }
    return seen;
  }

  private isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).has(ancestor);
  }

  /** The best common ancestor: one that no other common ancestor descends from (as git and Nessie pick it). */
  private mergeBase(a: string, b: string): string | undefined {
    const ofA = this.ancestors(a);
    const common = [...this.ancestors(b)].filter((h) => ofA.has(h));
    return common.find((h) => !common.some((other) => other !== h && this.isAncestor(h, other)));
  }
}

function changedKeys(base: ReadonlyMap<string, MemoryContent>, head: ReadonlyMap<string, MemoryContent>): Set<string> {
  const out = new Set<string>();
  for (const k of new Set([...base.keys(), ...head.keys()])) if (!sameContent(base.get(k), head.get(k))) out.add(k);
  return out;
}

function sameContent(a: MemoryContent | undefined, b: MemoryContent | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.kind === b.kind && a.version === b.version);
}

function notFound(name: string): CatalogError {
  return new CatalogError(CatalogCode.unknownReference, `Reference ${name} does not exist.`, {
    hint: "List references with `tform history` or create the branch with `tform build --branch`.",
  });
}

function moved(name: string, expected: string, actual: string): CatalogError {
  return new CatalogError(
    CatalogCode.referenceMoved,
    `Reference ${name} moved: expected ${expected}, found ${actual}.`,
    {
      hint: "Someone changed it concurrently; look at its history and retry.",
    },
  );
}

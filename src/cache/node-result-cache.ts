/**
 * Saved per-node results of one step of a run (partial parsing), under target/partial_parse/. Each result
 * carries the digest of its input and the environment variables its renders read; a render that read a
 * per-run value is not kept. The whole state is dropped when the input every node shares changes.
 */
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { digest } from "./digest.js";
import { readState, writeState } from "./state-file.js";

/** What the renders behind a result observed (RenderTrace has these fields). */
export interface Observed {
  readonly env: ReadonlyMap<string, string | undefined>;
  readonly volatile: boolean;
}

/** Environment variable name → digest of its value, or null when unset. */
export type EnvReads = readonly (readonly [string, string | null])[];

/** [digest of the input the result was computed from, environment reads (absent: none), result]: a tuple, as the serializer writes an object's key names with every object */
type Entry<T> = readonly [string, EnvReads | undefined, T];

type Entries<T> = Map<string, Entry<T>>;

/** Results set (or dropped: null) since the main state file was written. */
type Delta<T> = Map<string, Entry<T> | null>;

/**
 * Up to this many changed results (or a sixteenth of all) go to a small delta file beside the main state,
 * so editing one model does not rewrite (and re-serialize) the results of every node.
 */
const DELTA_LIMIT = 256;

const envDigest = (value: string | undefined): string | null => (value === undefined ? null : digest(value));

/** Saved per-node results of one step, valid while what every node shares is unchanged. */
export class NodeResultCache<T> {
  /** changes of this run */
  private readonly dirty: Delta<T> = new Map();

  private constructor(
    private readonly file: string,
    private readonly header: string,
    private readonly entries: Entries<T>,
    /** generation of the main file, undefined when there is none (it is written on save) */
    private readonly generation: string | undefined,
    /** the delta file's changes, already applied to entries */
    private readonly pending: Delta<T>,
  ) {}

  /** `shared`: digest of the input every node shares; saved results made with another are dropped. */
  static async open<T>(file: string, format: string, shared: string): Promise<NodeResultCache<T>> {
    const header = `${format} ${shared}`;
    const main = await readState<{ generation: string; entries: Entries<T> }>(file, header);
    if (!main) return new NodeResultCache<T>(file, header, new Map(), undefined, new Map());
    const pending = (await readState<Delta<T>>(`${file}.delta`, `${header} ${main.generation}`)) ?? new Map();
    for (const [id, entry] of pending) {
      if (entry) main.entries.set(id, entry);
      else main.entries.delete(id);
    }
    return new NodeResultCache<T>(file, header, main.entries, main.generation, pending);
  }

  get(uniqueId: string, input: string): T | undefined {
    const entry = this.entries.get(uniqueId);
    if (!entry || entry[0] !== input) return undefined;
    for (const [name, value] of entry[1] ?? []) if (envDigest(process.env[name]) !== value) return undefined;
    return entry[2];
  }

  /** Drops the saved result of a node (its new one is not to be kept). */
  forget(uniqueId: string): void {
    if (!this.entries.delete(uniqueId)) return;
    this.dirty.set(uniqueId, null);
  }

  /** Keeps a result unless its render read a per-run value. */
  put(uniqueId: string, input: string, value: T, trace: Observed): void {
    if (trace.volatile) return this.forget(uniqueId);
    const entry: Entry<T> = [
      input,
      trace.env.size > 0 ? [...trace.env].map(([name, v]) => [name, envDigest(v)] as const) : undefined,
      value,
    ];
    this.entries.set(uniqueId, entry);
    this.dirty.set(uniqueId, entry);
  }

  /** Forgets results of nodes that are gone, then writes what changed: a delta file, or the whole state. */
  async save(keep: ReadonlySet<string>): Promise<void> {
    for (const id of [...this.entries.keys()]) if (!keep.has(id)) this.forget(id);
    if (this.generation !== undefined && this.dirty.size === 0) return;
    const delta: Delta<T> = new Map([...this.pending, ...this.dirty]);
    if (this.generation !== undefined && delta.size <= Math.max(DELTA_LIMIT, this.entries.size / 16)) {
      await writeState(`${this.file}.delta`, `${this.header} ${this.generation}`, delta);
      return;
    }
    await rm(`${this.file}.delta`, { force: true });
    await writeState(this.file, this.header, { generation: randomUUID(), entries: this.entries });
  }
}

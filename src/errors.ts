/** One error family for every stage; the CLI maps classes to exit codes and prints `code`, location and hint. */

export interface SourceLocation {
  readonly file: string; // path relative to the project root where possible
  readonly line?: number; // 1-based
  readonly col?: number; // 1-based
  /** The offending source line, shown under the message. */
  readonly excerpt?: string;
}

export interface TformErrorOptions {
  readonly location?: SourceLocation;
  /** unique id or name of the node (model, seed, test) the error concerns */
  readonly node?: string;
  readonly hint?: string;
  readonly cause?: unknown;
}

const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  // first: a credential after the scheme word, before the key pattern can take the word as the value
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, "$1 ****"],
  // value-shaped only (6+ token characters), so prose like "unexpected token: %}" survives
  [
    /(password|passwd|secret|token|access[-_]?key|secret[-_]?key|authorization)(["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/=-]{6,}/gi,
    "$1$2****",
  ],
  [/(\/\/[^:/\s@]+:)[^@/\s]+@/g, "$1****@"],
];

/** Registered values (passwords, keys read from the environment) that must never appear in output. */
const knownSecrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) knownSecrets.add(value);
}

/** dbt's prefix of secret environment variables: their values are masked everywhere, and only profiles read them */
export const SECRET_ENV_PREFIX = "DBT_ENV_SECRET";

/** Registers the value of every DBT_ENV_SECRET_* variable, as dbt masks them in all it writes. */
export function registerSecretEnv(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) if (name.startsWith(SECRET_ENV_PREFIX)) registerSecret(value);
}

export const isRegisteredSecret = (value: unknown): boolean => typeof value === "string" && knownSecrets.has(value);

/**
 * Masks the registered values only: for files tform writes (compiled SQL, manifest, run results), whose text must
 * stay the SQL that ran, so the pattern rules of scrubSecrets (`token = 'abcdef'`) do not apply there.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of knownSecrets) if (out.includes(s)) out = out.split(s).join("****");
  return out;
}

/** Masks registered values and anything shaped like a credential: for console output and error messages. */
export function scrubSecrets(text: string): string {
  let out = redactSecrets(text);
  for (const [re, replacement] of SECRET_PATTERNS) out = out.replace(re, replacement);
  return out;
}

export class TformError extends Error {
  readonly code: string;
  readonly location?: SourceLocation;
  readonly node?: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: TformErrorOptions = {}) {
    super(scrubSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.location = options.location;
    this.node = options.node;
    this.hint = options.hint === undefined ? undefined : scrubSecrets(options.hint);
  }

  /** The same error, attributed to a node (like dbt's "in model X") unless it already names one. */
  inNode(node: string): this {
    if (this.node) return this;
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this, { node, message: this.message, stack: this.stack });
    return copy;
  }
}

/** Loading the project: YAML, paths, config, profiles. TF1xx */
export class ProjectError extends TformError {}
/** Rendering templates: Jinja syntax, unknown ref/source/macro. TF2xx */
export class RenderError extends TformError {}
/** The DAG and selection: cycles, duplicate names, bad selectors. TF3xx */
export class GraphError extends TformError {}
/** Planning: impossible materialization for the catalog, bad strategy. TF4xx */
export class PlanError extends TformError {}

/** Running SQL on the engine: carries the compiled SQL path and the Trino query id. TF5xx */
export class ExecutionError extends TformError {
  readonly compiledPath?: string;
  readonly queryId?: string;
  constructor(
    code: string,
    message: string,
    options: TformErrorOptions & { compiledPath?: string; queryId?: string } = {},
  ) {
    super(code, message, options);
    this.compiledPath = options.compiledPath;
    this.queryId = options.queryId;
  }
}

/** Nessie and merges: missing refs, moved branches, conflicts. TF6xx */
export class CatalogError extends TformError {
  /** Tables (content keys) in conflict, for merge conflicts. */
  readonly conflicts?: readonly string[];
  constructor(code: string, message: string, options: TformErrorOptions & { conflicts?: readonly string[] } = {}) {
    super(code, message, options);
    this.conflicts = options.conflicts;
  }
}

/** Data tests that failed with error severity (not a bug, an outcome). TF7xx */
export class TestFailureError extends TformError {}

/** The local sandbox: downloads, JDK, processes. TF8xx */
export class SandboxError extends TformError {}

/** A bug in tform. TF9xx */
export class InternalError extends TformError {}

export function isTformError(e: unknown): e is TformError {
  return e instanceof TformError;
}

/** the code of fileSystemError (ProjectCode.fileSystem): defined here, as errors.ts imports no stage */
export const FILE_SYSTEM_CODE = "TF136";

/** what Node's errno codes mean to someone fixing their disk */
const FILE_SYSTEM_CAUSES: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted (an immutable file or folder?)",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  ENOTDIR: "a file is in the way of a folder",
  EEXIST: "a file is in the way of a folder",
  EISDIR: "a folder is in the way of a file",
  ELOOP: "too many symbolic links (a symlink loop)",
  EMFILE: "too many open files",
};

/**
 * A failed read or write of the file system (Node's errno error) as a located ProjectError naming the path and the
 * cause; undefined for anything else. `what` opens the message (default: "Cannot write <path>").
 */
export function fileSystemError(e: unknown, what?: string): ProjectError | undefined {
  const errno = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof errno.code !== "string" || !(errno.code in FILE_SYSTEM_CAUSES)) return undefined;
  const path = errno.path;
  return new ProjectError(
    FILE_SYSTEM_CODE,
    `${what ?? `Cannot ${errno.syscall ?? "write"} ${path ?? "a file"}`}: ${FILE_SYSTEM_CAUSES[errno.code]} (${errno.code}${path ? ` on ${path}` : ""}).`,
    {
      cause: e,
      hint:
        errno.code === "ENOSPC" || errno.code === "EDQUOT"
          ? "Free disk space, or set target-path in dbt_project.yml to a folder on another disk."
          : "Make the path a writable folder (permissions, mount, `chattr -i`), or set target-path in dbt_project.yml to another folder.",
    },
  );
}

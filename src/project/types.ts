/** The loaded project: plain readonly data produced by project/, consumed by render/, graph/, plan/. */
import type { HttpTimeouts } from "../http-timeouts.js";
import type { SourceLocation } from "../errors.js";

export type ResourceType = "model" | "seed" | "source" | "test" | "macro" | "snapshot" | "unit_test";

export type Materialization = "table" | "view" | "incremental" | "ephemeral" | "seed" | "test";

/**
 * Effective config of a node after dbt's precedence: dbt_project.yml tree < properties YAML < config() in SQL.
 * Known keys are typed; anything else a project sets is kept in the index signature (dbt allows arbitrary meta).
 */
export interface NodeConfig {
  readonly enabled: boolean;
  readonly materialized: Materialization | string;
  readonly schema?: string;
  readonly database?: string;
  readonly alias?: string;
  readonly tags: readonly string[];
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly pre_hook: readonly string[];
  readonly post_hook: readonly string[];
  // incremental
  readonly incremental_strategy?: string;
  readonly unique_key?: string | readonly string[];
  readonly on_schema_change?: string;
  readonly full_refresh?: boolean;
  // Iceberg table properties (dbt-trino puts them under `properties`; tform also accepts them top-level)
  readonly properties?: Readonly<Record<string, string>>;
  readonly partitioning?: readonly string[] | string;
  readonly sorted_by?: readonly string[] | string;
  readonly location?: string;
  readonly format_version?: number;
  readonly extra_properties?: Readonly<Record<string, string>>;
  // seeds
  readonly column_types?: Readonly<Record<string, string>>;
  readonly delimiter?: string;
  readonly quote_columns?: boolean;
  // tests
  readonly severity?: "error" | "warn" | "ERROR" | "WARN";
  readonly where?: string;
  readonly warn_if?: string;
  readonly error_if?: string;
  readonly limit?: number;
  readonly store_failures?: boolean;
  readonly [key: string]: unknown;
}

export interface ColumnSpec {
  readonly name: string;
  readonly description?: string;
  readonly data_type?: string;
  readonly meta?: Readonly<Record<string, unknown>>;
}

interface NodeBase {
  /** dbt-style unique id: model.<project>.<name>, seed.<project>.<name>, test.<project>.<name>… */
  readonly uniqueId: string;
  readonly name: string;
  readonly resourceType: ResourceType;
  readonly packageName: string;
  /** path relative to the project root, forward slashes */
  readonly originalFilePath: string;
  /** fqn as dbt builds it: [project, ...folders, name] */
  readonly fqn: readonly string[];
  readonly description: string;
  readonly config: NodeConfig;
  /** Where the node's properties YAML entry is, if any (for errors). */
  readonly patchLocation?: SourceLocation;
}

export interface ModelNode extends NodeBase {
  readonly resourceType: "model";
  readonly rawCode: string;
  readonly columns: readonly ColumnSpec[];
}

/** A `{% snapshot %}` block (its body is rawCode) or a YAML snapshot (rawCode selects its `relation:`): SCD type 2. */
export interface SnapshotNode extends NodeBase {
  readonly resourceType: "snapshot";
  readonly rawCode: string;
  readonly columns: readonly ColumnSpec[];
}

export interface SeedNode extends NodeBase {
  readonly resourceType: "seed";
  /** absolute path of the CSV file */
  readonly csvPath: string;
  readonly columns: readonly ColumnSpec[];
}

export interface SourceTable {
  readonly uniqueId: string; // source.<project>.<source_name>.<table_name>
  readonly resourceType: "source";
  readonly sourceName: string;
  readonly name: string;
  readonly identifier: string;
  readonly schema: string;
  readonly database?: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  readonly originalFilePath: string;
  readonly location: SourceLocation;
  readonly fqn: readonly string[];
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly loadedAtField?: string;
  /** dbt's merged source → table `freshness`; absent when neither warn_after nor error_after is set */
  readonly freshness?: FreshnessThreshold;
}

/** `warn_after: {count: 12, period: hour}` */
export interface FreshnessTime {
  readonly count: number;
  readonly period: "minute" | "hour" | "day";
}

export interface FreshnessThreshold {
  readonly warnAfter?: FreshnessTime;
  readonly errorAfter?: FreshnessTime;
  /** a SQL condition: only rows matching it count for max(loaded_at_field) */
  readonly filter?: string;
}

/** A generic test declared in YAML, before rendering: `unique`, `relationships`, a custom `{% test %}`. */
export interface GenericTestNode extends NodeBase {
  readonly resourceType: "test";
  readonly testKind: "generic";
  /** macro name without the `test_` prefix, e.g. "not_null"; "dbt_utils.expression_is_true" keeps its namespace */
  readonly testName: string;
  readonly testNamespace?: string;
  /** keyword arguments from YAML (values may be Jinja strings, rendered at compile time) */
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly columnName?: string;
  /** unique id of the model/seed/source the test is attached to */
  readonly attachedTo: string;
  readonly location: SourceLocation;
}

/** A singular test: a `tests/*.sql` file returning failing rows. */
export interface SingularTestNode extends NodeBase {
  readonly resourceType: "test";
  readonly testKind: "singular";
  readonly rawCode: string;
}

export type TestNode = GenericTestNode | SingularTestNode;

/** Rows of a unit test's input or expectation: `dict` and `csv` rows (csv values are strings, empty ones null), or SQL. */
export type UnitTestRows =
  | { readonly format: "dict" | "csv"; readonly rows: readonly Readonly<Record<string, unknown>>[] }
  | { readonly format: "sql"; readonly sql: string };

/** What a `given:` entry stands in for: a ref()'d model, seed or snapshot, a source table, or the model itself (`this`). */
export type UnitTestInputTarget =
  | { readonly kind: "ref"; readonly name: string; readonly package?: string }
  | { readonly kind: "source"; readonly sourceName: string; readonly tableName: string }
  | { readonly kind: "this" };

export interface UnitTestInput {
  /** as written, e.g. `ref('stg_orders')` */
  readonly input: string;
  readonly target: UnitTestInputTarget;
  readonly rows: UnitTestRows;
  readonly location: SourceLocation;
}

/** A dbt 1.8+ `unit_tests:` entry: the model's SQL run on literal inputs and compared with `expect`. */
export interface UnitTestNode extends NodeBase {
  readonly resourceType: "unit_test";
  /** unique id of the tested model */
  readonly model: string;
  readonly given: readonly UnitTestInput[];
  readonly expect: UnitTestRows;
  readonly overrides: {
    readonly vars: Readonly<Record<string, unknown>>;
    readonly macros: Readonly<Record<string, unknown>>;
    readonly envVars: Readonly<Record<string, string>>;
  };
  readonly location: SourceLocation;
}

export interface MacroFile {
  /** absolute path */
  readonly path: string;
  /** path relative to the project root (or to the tform package for built-ins) */
  readonly relativePath: string;
  readonly source: string;
  /** "tform" for built-ins, the project name, or a vendored package's name */
  readonly packageName: string;
}

/** A `{% docs name %}` block from a .md file. */
export interface DocBlock {
  readonly name: string;
  readonly content: string;
  readonly originalFilePath: string;
}

export interface ProjectConfig {
  readonly name: string;
  readonly version?: string;
  readonly profile: string;
  readonly modelPaths: readonly string[];
  readonly seedPaths: readonly string[];
  readonly macroPaths: readonly string[];
  readonly testPaths: readonly string[];
  readonly docsPaths: readonly string[];
  readonly targetPath: string;
  /** project vars: global and per-package scopes as in dbt_project.yml `vars:` */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
  /** dbt_project.yml `quoting:` (database/schema/identifier → quote or not) */
  readonly quoting?: Readonly<Record<string, boolean>>;
  /** dbt_project.yml `dispatch:`: where adapter.dispatch(…, macro_namespace) looks, in order */
  readonly dispatch?: readonly DispatchConfig[];
}

export interface DispatchConfig {
  readonly macroNamespace: string;
  readonly searchOrder: readonly string[];
}

export interface Project {
  /** absolute path of the project root */
  readonly root: string;
  readonly config: ProjectConfig;
  readonly models: readonly ModelNode[];
  readonly seeds: readonly SeedNode[];
  readonly sources: readonly SourceTable[];
  readonly tests: readonly TestNode[];
  readonly snapshots: readonly SnapshotNode[];
  /** dbt 1.8+ unit tests of the enabled models (absent: none) */
  readonly unitTests?: readonly UnitTestNode[];
  /** built-ins first, then vendored packages, then the project: later definitions win */
  readonly macros: readonly MacroFile[];
  readonly docs: readonly DocBlock[];
  /** Non-fatal findings (ignored YAML sections, duplicate keys, dbt version ranges). */
  readonly warnings: readonly Warning[];
  /** Models, seeds, snapshots and tests disabled by config (`enabled: false`), kept so a ref to one can say "disabled". */
  readonly disabled?: readonly (ModelNode | SeedNode | TestNode | SnapshotNode)[];
}

export interface Warning {
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
}

/** Where a node lives in the engine: rendered as "database"."schema"."identifier" (database = Trino catalog). */
export interface Relation {
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
}

/** Connection target from profiles.yml (dbt-trino fields plus tform's `nessie:` block). */
export interface Target {
  /** the target's name, e.g. "dev" (dbt's target.name) */
  readonly name: string;
  readonly profileName: string;
  readonly type: "trino";
  readonly host: string;
  readonly port: number;
  readonly httpScheme: "http" | "https";
  readonly user: string;
  /** from the environment (env_var) or the profile; never logged */
  readonly password?: string;
  readonly jwtToken?: string;
  /** the Trino catalog of the lakehouse on `main` (dbt's target.database) */
  readonly catalog: string;
  readonly schema: string;
  readonly threads: number;
  readonly sessionProperties: Readonly<Record<string, string>>;
  /** connect_timeout and timeout of the profile, for Trino and Nessie alike; absent: the defaults (5 s, 30 s) */
  readonly timeouts?: HttpTimeouts;
  /** how often a request safe to resend is retried after a network failure (dbt-trino's retries, default 3) */
  readonly retries?: number;
  readonly nessie?: {
    readonly uri: string; // .../api/v2
    readonly token?: string;
    readonly defaultBranch: string; // "main"
  };
  /**
   * Properties of a Trino catalog bound to a branch, created at run time with CREATE CATALOG.
   * Values may contain `{branch}`. Absent: the catalog has no branches and tform builds in place.
   */
  readonly branchCatalog?: {
    readonly connector: string; // "iceberg"
    readonly properties: Readonly<Record<string, string>>;
    /** "native" (iceberg.catalog.type=nessie) or "rest" (Nessie's Iceberg REST); decides view support */
    readonly mode: "native" | "rest";
  };
}

/**
 * The plan: plain data saying everything a run will do, in order. `--dry-run` prints it with
 * explainPlan; applyPlan walks the very same value.
 */
import type { Reference } from "../catalog/catalog.js";
import type { ProjectGraph } from "../graph/project-graph.js";
import type { TformError } from "../errors.js";
import type { Relation, Warning } from "../project/types.js";
import type { CompiledNode, CompiledUnitTest } from "../render/types.js";

export type IncrementalStrategy = "append" | "merge" | "delete+insert" | "insert_overwrite";
export type OnSchemaChange = "ignore" | "fail" | "append_new_columns" | "sync_all_columns";

/**
 * An incremental write into an existing table. Its SQL needs the column lists of the table and of the
 * new rows, which only the engine knows, so it is expanded at run time by incrementalWriteSql.
 */
export interface IncrementalWrite {
  readonly strategy: IncrementalStrategy;
  /** quoted relation of the existing table */
  readonly target: string;
  /** the new rows: a parenthesised query, or the quoted staging table */
  readonly source: string;
  readonly uniqueKey: readonly string[];
  /** SQL expressions over a row giving its partition (insert_overwrite), e.g. `"ds"`, `date_trunc('month', "ts")` */
  readonly partitionExpressions: readonly string[];
  readonly onSchemaChange: OnSchemaChange;
}

/** dbt's snapshot column names (snapshot_meta_column_names can rename them). */
export interface SnapshotColumnNames {
  readonly scdId: string;
  readonly updatedAt: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly isDeleted: string;
}

/**
 * A snapshot run into an existing snapshot table: one MERGE closing changed rows and inserting new versions. Its
 * insert list and `check_cols: all` need the columns of the table and of the query, known only at run time, so it
 * is expanded then by snapshotMergeSql.
 */
export interface SnapshotMerge {
  /** quoted relation of the snapshot table */
  readonly target: string;
  /** the snapshot's compiled SELECT */
  readonly select: string;
  readonly strategy: "timestamp" | "check";
  /** SQL expressions of the unique key (dbt's unique_key, a string or a list) */
  readonly uniqueKey: readonly string[];
  /** SQL expression of a row's version time: updated_at, or the snapshot time for check without updated_at */
  readonly updatedAt: string;
  /** check strategy: the compared columns, or every column of the query */
  readonly checkCols: "all" | readonly string[];
  readonly hardDeletes: "ignore" | "invalidate" | "new_record";
  readonly columns: SnapshotColumnNames;
  /** dbt_valid_to_current: the SQL value current rows carry instead of NULL */
  readonly validToCurrent?: string;
}

/** The session a statement runs in: Trino records it with a view and resolves the view's unqualified names against it. */
export interface StatementSession {
  readonly catalog: string;
  readonly schema: string;
}

export type PlannedStatement =
  | { readonly kind: "sql"; readonly purpose: string; readonly sql: string; readonly session?: StatementSession }
  | { readonly kind: "incremental-write"; readonly purpose: string; readonly write: IncrementalWrite }
  | { readonly kind: "snapshot-merge"; readonly purpose: string; readonly merge: SnapshotMerge };

export interface CreateBranchStep {
  readonly kind: "create-branch";
  readonly branch: string;
  readonly from: Reference;
}

export interface CreateCatalogStep {
  readonly kind: "create-catalog";
  /** Trino catalog bound to the branch */
  readonly catalog: string;
  readonly branch: string;
  readonly sql: string;
}

export interface CreateSchemaStep {
  readonly kind: "create-schema";
  readonly catalog: string;
  readonly schema: string;
  readonly sql: string;
  /** where the schema's tables are stored (a model's `schema_location`); the catalog's default when absent */
  readonly location?: string;
}

export type SetupStep = CreateBranchStep | CreateCatalogStep | CreateSchemaStep;

interface NodeStepBase {
  readonly uniqueId: string;
  readonly name: string;
  /** relative to the project root */
  readonly file: string;
}

/** Whether a seed's or model's table is rebuilt or reused, and why (plan/fingerprint.ts). */
export interface Reuse {
  /** the fingerprint recorded with the table; undefined when the node always runs */
  readonly fingerprint?: string;
  /** the table on the branch already carries this fingerprint: nothing is sent, the result is "reused" */
  readonly reused: boolean;
  /** why it runs or is reused, for --dry-run and the results */
  readonly reason: string;
}

export interface SeedStep extends NodeStepBase {
  readonly kind: "seed";
  readonly relation: Relation;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly statements: readonly PlannedStatement[];
  readonly reuse?: Reuse;
}

/** What tform writes for a model or snapshot; ephemeral models are inlined as CTEs and get no step of their own. */
export type MaterializationKind = "table" | "view" | "incremental" | "snapshot";

/** What already stands at a node's relation when the run starts: a materialization switch replaces it. */
export type ExistingRelation = "table" | "view";

export interface MaterializeStep extends NodeStepBase {
  readonly kind: "materialize";
  readonly materialization: MaterializationKind;
  /** what an incremental model or a snapshot does this run: build the table or write into it */
  readonly mode?: "create" | IncrementalStrategy;
  readonly relation: Relation;
  readonly compiled: CompiledNode;
  /** hooks and materialization statements, in the order they are sent */
  readonly statements: readonly PlannedStatement[];
  readonly reuse?: Reuse;
}

/** A data test, run right after the node it tests; its SQL is the compiled SELECT of failing rows. */
export interface TestStep extends NodeStepBase {
  readonly kind: "test";
  readonly compiled: CompiledNode;
}

/**
 * A unit test: its model's SQL on literal inputs, compared with `expect`; the fixtures' SQL is completed when it
 * runs (their types are the columns of the relations they stand in for). In `build` it runs before its model.
 */
export interface UnitTestStep extends NodeStepBase {
  readonly kind: "unit-test";
  readonly compiled: CompiledUnitTest;
}

/**
 * A model or test whose SQL is known only when it runs: its templates query the database (run_query,
 * adapter.get_columns_in_relation, …), which must see its upstream built and must not be touched by a
 * --dry-run, or its render failed while planning, which is then that node's error (its descendants are
 * skipped, as dbt does) rather than the whole run's.
 */
export type DeferredStep = NodeStepBase & {
  readonly kind: "deferred";
  /** why it is rendered when it runs, for --dry-run */
  readonly reason: string;
  /** the render's error while planning, if that is the reason (it is tried again when the node runs) */
  readonly renderError?: TformError;
} & (
    | { readonly resource: "test" }
    | { readonly resource: "unit-test" }
    | { readonly resource: "materialize"; readonly relation: Relation; readonly materialization: string }
  );

export type NodeStep = SeedStep | MaterializeStep | TestStep | UnitTestStep | DeferredStep;
export type NodeResource = Exclude<NodeStep["kind"], "deferred">;

export const stepResource = (step: NodeStep): NodeResource => (step.kind === "deferred" ? step.resource : step.kind);
export type PlanStep = SetupStep | NodeStep;

export type PlanCommand = "run" | "seed" | "snapshot" | "build";

export interface BranchTarget {
  readonly name: string;
  /** the reference the branch starts from when it does not exist yet */
  readonly from: string;
  /** the branch as it is before the run; undefined when the run creates it */
  readonly existing?: Reference;
}

export interface Plan {
  readonly command: PlanCommand;
  readonly projectRoot: string;
  readonly targetPath: string;
  readonly targetName: string;
  /** the Trino catalog every statement writes to: the branch catalog, or the target's catalog in place */
  readonly runCatalog: string;
  /** where unqualified names in models resolve: the run's catalog and the target's schema (dbt-trino's connection) */
  readonly session: StatementSession;
  /** undefined: the catalog has no branches and the run builds in place */
  readonly branch?: BranchTarget;
  readonly fullRefresh: boolean;
  readonly invocationId: string;
  readonly runStartedAt: Date;
  readonly setup: readonly SetupStep[];
  /** in DAG order; the ready queue decides what runs in parallel */
  readonly nodes: readonly NodeStep[];
  /** config the catalog will not honour (a table `location` in REST mode): reported, not fatal */
  readonly warnings: readonly Warning[];
  /** for the ready queue: DAG edges between the selected nodes */
  readonly graph: ProjectGraph;
  /** renders a deferred step when it runs, with the run's catalog and engine (its queries really run then) */
  readonly renderDeferred: (step: DeferredStep) => Promise<MaterializeStep | TestStep | UnitTestStep>;
}

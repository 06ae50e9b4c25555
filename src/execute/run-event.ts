/** What a run reports as it goes (the CLI prints it) and what it returns at the end. */
import type { TformError } from "../errors.js";
import type { Relation, Warning } from "../project/types.js";
import type { NodeResource, NodeStep, SetupStep } from "../plan/plan.js";
import type { TestResult } from "../testing/execute-test.js";

/** `reused`: the table on the branch already carries the node's fingerprint, so nothing was sent (plan/reuse.ts). */
export type NodeStatus = "success" | "reused" | "error" | "skipped" | "pass" | "warn" | "fail";

export interface StatementRecord {
  readonly sql: string;
  readonly queryId?: string;
  readonly seconds: number;
  readonly rows?: number;
}

export interface NodeResult {
  readonly uniqueId: string;
  readonly name: string;
  readonly kind: NodeResource;
  readonly status: NodeStatus;
  readonly startedAt?: Date;
  readonly seconds: number;
  /** rows written (CTAS, INSERT, MERGE; a seed's rows), or failing rows of a test */
  readonly rows?: number;
  /** the fingerprint recorded with (or found on) the node's table */
  readonly fingerprint?: string;
  /** the Iceberg snapshot the node's write produced */
  readonly snapshotId?: string;
  readonly statements: readonly StatementRecord[];
  readonly relation?: Relation;
  readonly compiledPath?: string;
  readonly error?: TformError;
  readonly message?: string;
  /** the failed node that caused a skip */
  readonly skippedBecause?: string;
  /** a test's own outcome (failing rows, samples, severity) */
  readonly test?: TestResult;
}

export type RunEvent =
  | { readonly kind: "setup"; readonly step: SetupStep; readonly seconds: number }
  /** the plan's warnings, before the first setup step */
  | { readonly kind: "warning"; readonly warning: Warning }
  | { readonly kind: "node-start"; readonly step: NodeStep; readonly index: number; readonly total: number }
  | { readonly kind: "node-end"; readonly result: NodeResult; readonly index: number; readonly total: number };

export interface BranchHashes {
  readonly name: string;
  readonly created: boolean;
  readonly hashBefore: string;
  readonly hashAfter?: string;
}

export interface ApplyResult {
  readonly results: readonly NodeResult[];
  readonly branch?: BranchHashes;
  readonly success: boolean;
  readonly cancelled: boolean;
  readonly seconds: number;
  readonly counts: Readonly<Record<NodeStatus, number>>;
}

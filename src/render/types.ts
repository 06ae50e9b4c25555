/** What rendering produces: parse-time facts (deps, config) and run-time SQL. */
import type { NodeConfig, Relation } from "../project/types.js";

export interface RefCall {
  readonly name: string;
  readonly package?: string;
  readonly version?: string | number;
}

/** A model, seed, test or snapshot after the parse-time render: what it depends on and its final config. */
export interface ParsedNode {
  readonly uniqueId: string;
  /** unique ids of models/seeds/sources this node reads (ref, source, `-- depends_on:`) */
  readonly dependsOn: readonly string[];
  readonly dependsOnMacros: readonly string[];
  /** dbt precedence applied: project < properties YAML < config() in the SQL */
  readonly config: NodeConfig;
  /** where the node would be built on the target's main catalog */
  readonly relation: Relation;
}

export interface CompiledNode {
  readonly uniqueId: string;
  /** SQL after the run-time render, with refs resolved to the run's catalog (the branch catalog on a branch) */
  readonly compiledSql: string;
  /** path of the compiled SQL under target/compiled, relative to the project root */
  readonly compiledPath: string;
  readonly relation: Relation;
  readonly config: NodeConfig;
}

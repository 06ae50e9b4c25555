/** What rendering produces: parse-time facts (deps, config) and run-time SQL. */
import type { NodeConfig, Relation, UnitTestRows } from "../project/types.js";

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

/** A given input of a unit test: a CTE standing in for a relation, its rows typed by that relation's columns. */
export interface UnitTestFixture {
  /** the CTE name the model's ref()/source()/this renders as */
  readonly cte: string;
  /** as written in the YAML, for messages */
  readonly input: string;
  /** the name of what it stands in for (dbt's fixture node name: a model, seed or source table) */
  readonly name: string;
  /** the relation whose columns type the rows (at the run's catalog) */
  readonly relation: Relation;
  readonly rows: UnitTestRows;
}

/** A unit test rendered for a run: the model's SQL reading fixtures, completed by testing/unit-test-sql at run time. */
export interface CompiledUnitTest {
  readonly uniqueId: string;
  /** unique id of the tested model */
  readonly model: string;
  /** the model's SQL with its inputs as CTE names (the fixtures are not defined in it yet) */
  readonly modelSql: string;
  /** where the complete unit test SQL is written, relative to the project root */
  readonly compiledPath: string;
  readonly fixtures: readonly UnitTestFixture[];
  readonly expect: UnitTestRows;
  readonly config: NodeConfig;
}

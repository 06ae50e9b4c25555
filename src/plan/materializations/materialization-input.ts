/** What a materialization strategy needs to decide its statements. */
import type { EngineCapabilities } from "../../engine/engine.js";
import type { ExistingRelation } from "../plan.js";
import type { CompiledNode } from "../../render/types.js";

export interface MaterializationInput {
  readonly compiled: CompiledNode;
  /** the model's file, relative to the project root, for located errors */
  readonly file: string;
  /** what already stands at the relation in the run's catalog (a different kind is replaced, as dbt does) */
  readonly existing?: ExistingRelation;
  /** --full-refresh (a model's `full_refresh: false` config wins over it) */
  readonly fullRefresh: boolean;
  readonly engine: EngineCapabilities;
  /** how Trino reaches the catalog: native Nessie cannot hold views; undefined for a plain catalog */
  readonly catalogMode?: "native" | "rest";
  /** the node's fingerprint, recorded on the table it writes (undefined: not recorded, see plan/fingerprint.ts) */
  readonly fingerprint?: string;
  /** this run's id: names staging tables, so each is new and has a folder of its own */
  readonly invocationId?: string;
}

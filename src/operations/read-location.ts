/**
 * Where a command that only reads (docs generate, source freshness) looks: with --branch, the Trino catalog bound to
 * that branch, as `tform test --branch` binds it; without, the target's catalog (on a branching target: main,
 * read only). Also where a node or source is inside that catalog.
 */
import type { Catalog, Reference } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { PlanError } from "../errors.js";
import { PlanCode } from "../plan/plan-code.js";
import { isBranching } from "../plan/run-location.js";
import type { Relation, Target } from "../project/types.js";
import { bindRefCatalog } from "../publish/ref-catalog.js";
import { requireReference } from "../publish/references.js";
import type { ParsedProject } from "../render/parse-project.js";
import { newTrace, relationOfNode } from "../render/render-context.js";
import { QueryLog } from "../render/query-log.js";

export interface ReadLocation {
  /** the Trino catalog read */
  readonly catalog: string;
  /** the branch read and its head, with --branch */
  readonly branch?: Reference;
}

export interface ReadLocationInput {
  readonly target: Target;
  readonly engine: Engine;
  /** needed with `branch` */
  readonly catalog?: Catalog;
  readonly branch?: string;
}

export async function resolveReadLocation(input: ReadLocationInput): Promise<ReadLocation> {
  const { target, branch } = input;
  if (branch === undefined) return { catalog: target.catalog };
  if (!isBranching(target, input.catalog) || !input.catalog) {
    throw new PlanError(
      PlanCode.branchMismatch,
      `--branch ${branch} was given, but target ${target.name} has a catalog without branches (no nessie/branch_catalog in the profile).`,
      {
        hint: "Drop --branch to read the target's catalog, or add nessie: and branch_catalog: to the profile.",
      },
    );
  }
  const ref = await requireReference(input.catalog, branch);
  return { catalog: await bindRefCatalog(input.engine, target, branch), branch: ref };
}

/** A model, seed or source as the run-time render places it when the lakehouse catalog is `catalog`. */
export function relationIn(parsed: ParsedProject, uniqueId: string, catalog: string): Relation {
  if (!parsed.renderer.sourceById(uniqueId)) return parsed.renderer.runRelation(uniqueId, catalog);
  const mode = {
    kind: "run",
    run: { catalog, invocationId: "", runStartedAt: new Date() },
    queries: new QueryLog(),
  } as const;
  const r = relationOfNode(parsed.renderer, uniqueId, mode, newTrace());
  return { database: r.database ?? "", schema: r.schema ?? "", identifier: r.identifier ?? "" };
}

/** `view`: CREATE OR REPLACE VIEW, where the catalog can hold views (not Trino's native Nessie catalog). */
import { PlanError } from "../../errors.js";
import type { PlannedStatement } from "../../plan/plan.js";
import { PlanCode } from "../../plan/plan-code.js";
import type { MaterializationInput } from "./materialization-input.js";
import { bareSelect, quoteRelation } from "./sql-text.js";

export function viewStatements(input: MaterializationInput): PlannedStatement[] {
  if (input.catalogMode === "native") {
    // Trino 476: "createView is not supported for Iceberg Nessie catalogs"
    throw new PlanError(PlanCode.viewUnsupported, `Model ${input.compiled.relation.identifier} is materialized as a view, but Trino's native Nessie catalog cannot create views.`, {
      location: { file: input.file },
      node: input.compiled.uniqueId,
      hint: "Use the Iceberg REST catalog mode (`tform sandbox up --catalog rest`, or branch_catalog.mode: rest in the profile), or set materialized='table' for this model.",
    });
  }
  return [{ kind: "sql", purpose: "create or replace the view", sql: `CREATE OR REPLACE VIEW ${quoteRelation(input.compiled.relation)} AS\n${bareSelect(input.compiled.compiledSql)}` }];
}

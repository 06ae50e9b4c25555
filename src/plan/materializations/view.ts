/**
 * `view`: CREATE OR REPLACE VIEW, where the catalog can hold views (not Trino's native Nessie catalog).
 * The body names lakehouse tables without a catalog (see viewRelationFor) and the statement runs with the
 * view's catalog and schema as session: Trino stores that session catalog with the view and resolves the
 * body against it, so publish can rebind a branch's view to main (docs/catalogs.md, "Views on branches").
 */
import { PlanError } from "../../errors.js";
import type { PlannedStatement } from "../plan.js";
import { PlanCode } from "../plan-code.js";
import type { MaterializationInput } from "./materialization-input.js";
import { bareSelect, quoteRelation } from "./sql-text.js";

export function viewStatements(input: MaterializationInput): PlannedStatement[] {
  if (input.catalogMode === "native") {
    // Trino 476: "createView is not supported for Iceberg Nessie catalogs"
    throw new PlanError(
      PlanCode.viewUnsupported,
      `Model ${input.compiled.relation.identifier} is materialized as a view, but Trino's native Nessie catalog cannot create views.`,
      {
        location: { file: input.file },
        node: input.compiled.uniqueId,
        hint: "Use the Iceberg REST catalog mode (`tform sandbox up --catalog rest`, or branch_catalog.mode: rest in the profile), or set materialized='table' for this model.",
      },
    );
  }
  const { relation } = input.compiled;
  // A table standing where the view goes (a model switched from table or incremental) is dropped first, as dbt
  // does. Safe on a branch: Nessie's Iceberg REST keeps a dropped table's files (verified on Nessie 0.99 with
  // Trino 476: main still reads them), and native Nessie mode, which would delete them, never gets here.
  const dropTable: PlannedStatement[] =
    input.existing === "table"
      ? [
          {
            kind: "sql",
            purpose: "drop the table this model was (materialization switched to a view)",
            sql: `DROP TABLE IF EXISTS ${quoteRelation(relation)}`,
          },
        ]
      : [];
  return [
    ...dropTable,
    {
      kind: "sql",
      purpose: "create or replace the view",
      sql: `CREATE OR REPLACE VIEW ${quoteRelation(relation)} AS\n${bareSelect(input.compiled.compiledSql)}`,
      session: { catalog: relation.database, schema: relation.schema },
    },
  ];
}

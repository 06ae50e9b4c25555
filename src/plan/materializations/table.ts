/**
 * `table`: one atomic `CREATE OR REPLACE TABLE … WITH (…) AS …` (keeps the table's snapshot history).
 * dbt-trino sends four statements (temp CTAS, two renames, drop); an engine without CREATE OR REPLACE
 * gets a drop and a create. A view standing where the table goes (a model switched from view) is dropped first.
 */
import { PlanError } from "../../errors.js";
import type { PlannedStatement } from "../plan.js";
import { PlanCode } from "../plan-code.js";
import type { MaterializationInput } from "./materialization-input.js";
import { bareSelect, quoteRelation } from "./sql-text.js";
import { tableProperties, withClause } from "./table-properties.js";

export function tableStatements(input: MaterializationInput): PlannedStatement[] {
  const rel = quoteRelation(input.compiled.relation);
  const props = withClause(tableProperties(input.compiled.config, input.file, input.fingerprint));
  const select = bareSelect(input.compiled.compiledSql);
  // a view holds no data files, so dropping it on a branch cannot take anything main reads
  const dropView: PlannedStatement[] =
    input.existing === "view"
      ? [
          {
            kind: "sql",
            purpose: "drop the view this model was (materialization switched to a table)",
            sql: `DROP VIEW IF EXISTS ${rel}`,
          },
        ]
      : [];
  if (input.engine.createOrReplaceTable) {
    return [
      ...dropView,
      {
        kind: "sql",
        purpose: "create or replace the table",
        sql: `CREATE OR REPLACE TABLE ${rel}${props} AS\n${select}`,
      },
    ];
  }
  if (input.catalogMode !== undefined) {
    // Trino's Nessie catalog deletes a dropped table's folder, which other branches may still read
    throw new PlanError(
      PlanCode.badMaterialization,
      `The engine cannot CREATE OR REPLACE TABLE, and dropping ${input.compiled.relation.identifier} on a branch would delete files main reads.`,
      {
        location: { file: input.file },
        node: input.compiled.uniqueId,
        hint: "Use Trino 431 or newer (CREATE OR REPLACE TABLE on Iceberg).",
      },
    );
  }
  return [
    ...dropView,
    { kind: "sql", purpose: "drop the old table", sql: `DROP TABLE IF EXISTS ${rel}` },
    { kind: "sql", purpose: "create the table", sql: `CREATE TABLE ${rel}${props} AS\n${select}` },
  ];
}

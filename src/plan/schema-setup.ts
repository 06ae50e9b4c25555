/**
 * The create-schema steps of a run, one per schema it writes that does not exist yet, each at the
 * `schema_location` its models give (`+schema_location: s3://bronze/{schema}` per folder in
 * dbt_project.yml). In REST mode that is how storage is split per layer: Nessie's REST catalog places a
 * table under its schema's location and ignores the table's own `location`, which is reported as a warning.
 */
import { PlanError } from "../errors.js";
import { quoteIdent, sqlString } from "../engine/sql-text.js";
import type { Warning } from "../project/types.js";
import type { ParsedProject } from "../render/parse-project.js";
import type { CreateSchemaStep, NodeStep } from "./plan.js";
import { PlanCode } from "./plan-code.js";

export interface SchemaSetupInput {
  readonly parsed: ParsedProject;
  readonly nodes: readonly NodeStep[];
  readonly runCatalog: string;
  /** lower-case schemas known to exist; undefined when unknown */
  readonly existing?: ReadonlySet<string>;
  readonly catalogMode?: "native" | "rest";
}

export interface SchemaSetup {
  readonly steps: CreateSchemaStep[];
  readonly warnings: Warning[];
}

export function schemaSetup(input: SchemaSetupInput): SchemaSetup {
  const locations = new Map<string, { location?: string; file: string }>();
  const warnings: Warning[] = [];
  for (const step of input.nodes) {
    if (
      step.kind === "test" ||
      step.kind === "unit-test" ||
      (step.kind === "deferred" && (step.resource === "test" || step.resource === "unit-test"))
    )
      continue;
    const config = input.parsed.nodes.get(step.uniqueId)?.config;
    const schema = step.relation.schema;
    const location = schemaLocation(config?.schema_location, schema, step.file);
    const seen = locations.get(schema);
    if (seen?.location !== undefined && location !== undefined && seen.location !== location) {
      throw new PlanError(
        PlanCode.schemaLocationConflict,
        `Schema ${schema} gets two locations: '${seen.location}' (${seen.file}) and '${location}' (${step.file}).`,
        {
          location: { file: step.file },
          node: step.uniqueId,
          hint: "A schema has one location: give every model of the schema the same schema_location (set it per folder in dbt_project.yml).",
        },
      );
    }
    if (!seen || (seen.location === undefined && location !== undefined))
      locations.set(schema, { location, file: step.file });
    if (
      input.catalogMode === "rest" &&
      config?.location !== undefined &&
      !("materialization" in step && step.materialization === "view")
    ) {
      warnings.push({
        code: PlanCode.tableLocationIgnored,
        message: `${step.name} sets location '${String(config.location)}', but Nessie's REST catalog places a table under its schema's location and ignores the table's own. Set schema_location (e.g. +schema_location: 's3://bronze/{schema}' for the folder in dbt_project.yml) instead.`,
        location: { file: step.file },
      });
    }
  }
  const steps: CreateSchemaStep[] = [];
  for (const [schema, { location }] of locations) {
    if (input.existing?.has(schema.toLowerCase())) continue;
    // Nessie does not create namespaces: a write to a missing one fails after writing data files
    const sql = `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(input.runCatalog)}.${quoteIdent(schema)}${location !== undefined ? ` WITH (location = ${sqlString(location)})` : ""}`;
    steps.push({
      kind: "create-schema",
      catalog: input.runCatalog,
      schema,
      sql,
      ...(location !== undefined ? { location } : {}),
    });
  }
  return { steps, warnings };
}

/** `schema_location` with `{schema}` replaced by the schema's name. */
function schemaLocation(value: unknown, schema: string, file: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new PlanError(
      PlanCode.badProperty,
      `Config schema_location must be a non-empty string, got ${JSON.stringify(value)}.`,
      { location: { file }, hint: "e.g. +schema_location: 's3://bronze/{schema}'" },
    );
  }
  return value.replaceAll("{schema}", schema);
}

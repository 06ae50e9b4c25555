/**
 * Iceberg table properties from a model's config: dbt-trino's `properties` dict (values are raw SQL,
 * e.g. "ARRAY['month(ts)']") merged with tform's top-level keys, which win.
 */
import { PlanError } from "../../errors.js";
import type { NodeConfig } from "../../project/types.js";
import { PlanCode } from "../plan-code.js";
import { sqlString } from "../../engine/sql-text.js";
import { extraPropertiesSql, FINGERPRINT_PROPERTY } from "../../engine/metadata-sql.js";
import type { PlannedStatement } from "../plan.js";

function stringList(value: unknown, key: string, file: string): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === "string")) {
    throw new PlanError(
      PlanCode.badProperty,
      `Config ${key} must be a list of strings, got ${JSON.stringify(value)}.`,
      { location: { file }, hint: `e.g. ${key}: ['day(ts)', 'region']` },
    );
  }
  return list as string[];
}

const arraySql = (items: readonly string[]): string => `ARRAY[${items.map(sqlString).join(", ")}]`;

/** `partitioning`/`sorted_by` as raw SQL: a list of strings, or a string that is already an ARRAY[...] literal. */
function arrayProperty(value: unknown, key: string, file: string): string {
  if (typeof value === "string" && /^\s*ARRAY\s*\[/i.test(value)) return value.trim();
  return arraySql(stringList(value, key, file));
}

/**
 * Property name → raw SQL value, in a stable order. `fingerprint` joins the model's own extra_properties (see
 * plan/fingerprint.ts).
 */
export function tableProperties(config: NodeConfig, file: string, fingerprint?: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(config.properties ?? {})) {
    if (typeof v !== "string" && typeof v !== "number") {
      throw new PlanError(
        PlanCode.badProperty,
        `properties.${k} must be a SQL expression as a string (dbt-trino style), got ${JSON.stringify(v)}.`,
        { location: { file }, hint: `e.g. properties={"${k}": "ARRAY['month(ts)']"} or "'PARQUET'"` },
      );
    }
    out.set(k, String(v));
  }
  if (config.partitioning !== undefined)
    out.set("partitioning", arrayProperty(config.partitioning, "partitioning", file));
  if (config.sorted_by !== undefined) out.set("sorted_by", arrayProperty(config.sorted_by, "sorted_by", file));
  if (config.location !== undefined) {
    if (typeof config.location !== "string")
      throw new PlanError(
        PlanCode.badProperty,
        `Config location must be a string, got ${JSON.stringify(config.location)}.`,
        { location: { file } },
      );
    out.set("location", sqlString(config.location));
  }
  if (config.format_version !== undefined) {
    if (config.format_version !== 1 && config.format_version !== 2)
      throw new PlanError(
        PlanCode.badProperty,
        `Config format_version must be 1 or 2, got ${JSON.stringify(config.format_version)}.`,
        { location: { file } },
      );
    out.set("format_version", String(config.format_version));
  }
  const extra = extraProperties(config, fingerprint);
  if (extra) out.set("extra_properties", extraPropertiesSql(extra));
  return out;
}

function extraProperties(config: NodeConfig, fingerprint?: string): Record<string, string> | undefined {
  if (config.extra_properties === undefined && fingerprint === undefined) return undefined;
  const own = Object.fromEntries(Object.entries(config.extra_properties ?? {}).map(([k, v]) => [k, String(v)]));
  return fingerprint === undefined ? own : { ...own, [FINGERPRINT_PROPERTY]: fingerprint };
}

/**
 * After a write into an existing table (incremental, snapshot), the statement recording its new fingerprint. Trino
 * sets extra_properties as a whole, so the model's own ones are written again with it.
 */
export function fingerprintStatement(relation: string, config: NodeConfig, fingerprint: string): PlannedStatement {
  return {
    kind: "sql",
    purpose: "record the table's fingerprint (what it was built from), for later builds to reuse it",
    sql: `ALTER TABLE ${relation} SET PROPERTIES extra_properties = ${extraPropertiesSql(extraProperties(config, fingerprint)!)}`,
  };
}

/** ` WITH (k = v, …)` or "" when the model sets no property. */
export function withClause(properties: ReadonlyMap<string, string>): string {
  if (properties.size === 0) return "";
  return ` WITH (${[...properties].map(([k, v]) => `${k} = ${v}`).join(", ")})`;
}

/** The partition fields of a partitioning value (raw SQL or list), e.g. ["ds", "month(ts)"]. */
export function partitionFields(properties: ReadonlyMap<string, string>): string[] {
  const raw = properties.get("partitioning");
  if (raw === undefined) return [];
  return [...raw.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'").trim());
}

const quoteColumn = (c: string): string => (c.startsWith('"') ? c : `"${c.toLowerCase()}"`);
const TEMPORAL = new Set(["year", "month", "day", "hour"]);

/**
 * A SQL expression giving the value of one partition field for a row, so that insert_overwrite can
 * delete exactly the partitions the new rows touch. Iceberg's day(ts) is a day, not Trino's day-of-month.
 */
export function partitionExpression(field: string, file: string): string {
  const transform = /^(\w+)\s*\(\s*("?[\w$]+"?)\s*\)$/.exec(field);
  if (!transform) {
    if (/^"?[\w$]+"?$/.test(field)) return quoteColumn(field);
  } else if (TEMPORAL.has(transform[1]!.toLowerCase())) {
    return `date_trunc('${transform[1]!.toLowerCase()}', ${quoteColumn(transform[2]!)})`;
  }
  throw new PlanError(
    PlanCode.badPartitionTransform,
    `insert_overwrite cannot compute which partitions '${field}' touches (only identity, year, month, day and hour partitioning).`,
    {
      location: { file },
      hint: "Partition by a column or a year/month/day/hour transform, or use incremental_strategy='delete+insert' with a unique_key.",
    },
  );
}

/**
 * Reading one Iceberg table property of many tables through Trino's `$properties` metadata tables, in as few
 * statements as possible: a build reads the fingerprint of every table it might reuse before deciding.
 */
import { quoteIdent, sqlString } from "./sql-text.js";

export interface PropertyTable {
  readonly schema: string;
  readonly identifier: string;
}

/** Tables per statement: each `$properties` scan is a stage of its own, and Trino refuses over 150 stages. */
const CHUNK = 100;

/** Statements returning (schema, identifier, value) rows for the tables that carry the property. */
export function tablePropertyQueries(catalog: string, tables: readonly PropertyTable[], key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < tables.length; i += CHUNK) {
    out.push(
      tables
        .slice(i, i + CHUNK)
        .map(
          (t) =>
            `SELECT ${sqlString(t.schema)}, ${sqlString(t.identifier)}, value FROM ${quoteIdent(catalog)}.${quoteIdent(t.schema)}.${quoteIdent(`${t.identifier}$properties`)} WHERE key = ${sqlString(key)}`,
        )
        .join("\nUNION ALL\n"),
    );
  }
  return out;
}

/** `extra_properties` as a CREATE TABLE … WITH / ALTER TABLE … SET PROPERTIES value. */
export function extraPropertiesSql(properties: Readonly<Record<string, string>>): string {
  const entries = Object.entries(properties);
  const array = (items: readonly string[]): string => `ARRAY[${items.map(sqlString).join(", ")}]`;
  return `MAP(${array(entries.map(([k]) => k))}, ${array(entries.map(([, v]) => v))})`;
}

/** The Iceberg table property that carries a table's fingerprint (it travels with the table through publish). */
export const FINGERPRINT_PROPERTY = "tform.fingerprint";

const ALLOWED_EXTRA = "iceberg.allowed-extra-properties";

/**
 * An Iceberg catalog's properties, allowing `key` in extra_properties (Trino refuses unknown keys unless the
 * catalog lists them). A profile's own list is kept; `*` already allows everything.
 */
export function allowExtraProperty(
  connector: string,
  properties: Readonly<Record<string, string>>,
  key: string,
): Record<string, string> {
  if (connector !== "iceberg") return { ...properties };
  const own = (properties[ALLOWED_EXTRA] ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  if (own.includes("*") || own.includes(key)) return { ...properties };
  return { ...properties, [ALLOWED_EXTRA]: [...own, key].join(",") };
}

/** Which connector serves each Trino catalog: a source in a generator catalog (tpch, tpcds) never changes. */
export const CATALOG_CONNECTORS_SQL = "SELECT catalog_name, connector_name FROM system.metadata.catalogs";

/** Connectors whose tables always hold the same rows. */
export const CONSTANT_CONNECTORS: ReadonlySet<string> = new Set(["tpch", "tpcds"]);

/**
 * The plain catalog: Iceberg without branches, as most users run it (a REST or JDBC catalog over a
 * database). Trino's `jdbc` catalog type on PostgreSQL, with data in a local folder; tform builds in
 * place there. Verified on Trino 476 + PostgreSQL 15: tables, views, table and schema `location`,
 * snapshots and `FOR VERSION AS OF` all work.
 */

/**
 * Trino's JDBC catalog does not create its tables (the first statement fails with "Cannot check and
 * eventually update SQL schema"); this is Iceberg's schema V1, whose `iceberg_type` column lets the
 * catalog hold views as well as tables.
 */
export const ICEBERG_JDBC_SCHEMA_SQL: readonly string[] = [
  "CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (catalog_name VARCHAR(255) NOT NULL, namespace VARCHAR(255) NOT NULL, property_key VARCHAR(255), property_value VARCHAR(1000), PRIMARY KEY (catalog_name, namespace, property_key))",
  "CREATE TABLE IF NOT EXISTS iceberg_tables (catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL, metadata_location VARCHAR(1000), previous_metadata_location VARCHAR(1000), iceberg_type VARCHAR(5), PRIMARY KEY (catalog_name, table_namespace, table_name))",
];

export interface JdbcCatalogInput {
  readonly jdbcUrl: string;
  readonly user: string;
  /**
   * Environment variable on the Trino server holding the database password, referenced as
   * `${ENV:NAME}` so the password never appears in SQL or in Trino's catalog store. Omit for trust auth.
   */
  readonly passwordEnv?: string;
  /** the Iceberg catalog name inside the database (several Trino catalogs can share one database) */
  readonly catalogName: string;
  /** absolute folder that `local:///` paths resolve under */
  readonly warehouseDir: string;
}

/** Trino catalog properties for the plain JDBC catalog on local files. */
export function jdbcCatalogProperties(input: JdbcCatalogInput): Record<string, string> {
  return {
    "iceberg.catalog.type": "jdbc",
    "iceberg.jdbc-catalog.driver-class": "org.postgresql.Driver",
    "iceberg.jdbc-catalog.connection-url": input.jdbcUrl,
    "iceberg.jdbc-catalog.connection-user": input.user,
    ...(input.passwordEnv ? { "iceberg.jdbc-catalog.connection-password": `\${ENV:${input.passwordEnv}}` } : {}),
    "iceberg.jdbc-catalog.catalog-name": input.catalogName,
    "iceberg.jdbc-catalog.default-warehouse-dir": "local:///",
    "fs.native-local.enabled": "true",
    "local.location": input.warehouseDir,
  };
}

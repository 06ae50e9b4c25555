import { describe, expect, it } from "vitest";
import { ICEBERG_JDBC_SCHEMA_SQL, jdbcCatalogProperties } from "../../src/sandbox/plain-catalog.js";

describe("jdbcCatalogProperties", () => {
  const input = {
    jdbcUrl: "jdbc:postgresql://127.0.0.1:5432/iceberg",
    user: "tform",
    catalogName: "tform",
    warehouseDir: "/data/warehouse",
  };

  it("builds a JDBC Iceberg catalog on PostgreSQL over local files", () => {
    expect(jdbcCatalogProperties(input)).toEqual({
      "iceberg.catalog.type": "jdbc",
      "iceberg.jdbc-catalog.driver-class": "org.postgresql.Driver",
      "iceberg.jdbc-catalog.connection-url": input.jdbcUrl,
      "iceberg.jdbc-catalog.connection-user": "tform",
      "iceberg.jdbc-catalog.catalog-name": "tform",
      "iceberg.jdbc-catalog.default-warehouse-dir": "local:///",
      "fs.native-local.enabled": "true",
      "local.location": "/data/warehouse",
    });
  });

  it("references the password through an environment variable on the Trino server", () => {
    expect(
      jdbcCatalogProperties({ ...input, passwordEnv: "PG_PASSWORD" })["iceberg.jdbc-catalog.connection-password"],
    ).toBe("${ENV:PG_PASSWORD}");
  });
});

describe("ICEBERG_JDBC_SCHEMA_SQL", () => {
  it("creates both catalog tables idempotently, with the iceberg_type column that views need", () => {
    expect(ICEBERG_JDBC_SCHEMA_SQL).toHaveLength(2);
    for (const stmt of ICEBERG_JDBC_SCHEMA_SQL) expect(stmt).toMatch(/^CREATE TABLE IF NOT EXISTS iceberg_/);
    expect(ICEBERG_JDBC_SCHEMA_SQL.join("\n")).toContain("iceberg_type VARCHAR(5)");
  });
});

/** target/catalog.json in dbt's v1 shape: what the warehouse says about each node's and source's relation. */
import type { DbtArtifactMetadata } from "./dbt-artifact-metadata.js";

export const CATALOG_SCHEMA = "https://schemas.getdbt.com/dbt/catalog/v1.json";

export interface CatalogColumn {
  readonly type: string;
  readonly index: number;
  readonly name: string;
  readonly comment: string | null;
}

export interface CatalogTable {
  readonly metadata: {
    /** "BASE TABLE" or "VIEW", as information_schema.tables says */
    readonly type: string;
    readonly schema: string;
    readonly name: string;
    readonly database: string;
    readonly comment: string | null;
    readonly owner: string | null;
  };
  readonly columns: Readonly<Record<string, CatalogColumn>>;
  readonly stats: Readonly<Record<string, CatalogStat>>;
  readonly unique_id: string;
}

export interface CatalogStat {
  readonly id: string;
  readonly label: string;
  readonly value: boolean | number | string | null;
  readonly include: boolean;
  readonly description: string;
}

export interface CatalogFile {
  readonly metadata: DbtArtifactMetadata;
  readonly nodes: Readonly<Record<string, CatalogTable>>;
  readonly sources: Readonly<Record<string, CatalogTable>>;
  /** one message per catalog that could not be read; null when all were */
  readonly errors: readonly string[] | null;
}

/** dbt-trino reports no table statistics, only that there are none (views and tables tform could not measure) */
export const NO_STATS: Readonly<Record<string, CatalogStat>> = {
  has_stats: {
    id: "has_stats",
    label: "Has Stats?",
    value: false,
    include: false,
    description: "Indicates whether there are statistics for this table",
  },
};

const stat = (id: string, label: string, value: number | string, description: string): CatalogStat => ({
  id,
  label,
  value,
  include: true,
  description,
});

/** Statistics of an Iceberg table, with the ids dbt-snowflake gives the same figures (row_count, bytes, last_modified). */
export function icebergTableStats(s: {
  readonly rowCount: number;
  readonly bytes: number;
  readonly files: number;
  readonly lastModified?: string;
}): Readonly<Record<string, CatalogStat>> {
  return {
    row_count: stat("row_count", "Row Count", s.rowCount, "Rows in the current snapshot's data files"),
    bytes: stat("bytes", "Approximate Size", s.bytes, "Bytes of the current snapshot's data files"),
    num_files: stat("num_files", "Data Files", s.files, "Data files of the current snapshot"),
    ...(s.lastModified !== undefined
      ? {
          last_modified: stat(
            "last_modified",
            "Last Modified",
            s.lastModified,
            "When the current snapshot was committed",
          ),
        }
      : {}),
    has_stats: { ...NO_STATS.has_stats!, value: true },
  };
}

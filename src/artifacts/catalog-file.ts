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
  readonly value: boolean;
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

/** dbt-trino reports no table statistics, only that there are none */
export const NO_STATS: Readonly<Record<string, CatalogStat>> = {
  has_stats: {
    id: "has_stats",
    label: "Has Stats?",
    value: false,
    include: false,
    description: "Indicates whether there are statistics for this table",
  },
};

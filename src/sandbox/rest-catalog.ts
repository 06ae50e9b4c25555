/**
 * REST catalog mode: Nessie serves the Iceberg REST API (`/iceberg/<branch>`) over a warehouse in an
 * S3-compatible store, and Trino reaches it with `iceberg.catalog.type=rest`. Verified on Trino 476,
 * Nessie 0.99.0 and S3Proxy 3.1.0; unlike the native Nessie catalog, this mode supports views.
 */

/** Environment variables Trino resolves in catalog properties (`${ENV:NAME}`), so keys never appear in SQL. */
export const TRINO_S3_ENV = { accessKey: "TFORM_S3_ACCESS_KEY", secretKey: "TFORM_S3_SECRET_KEY" } as const;

/**
 * Nessie reads S3 keys through a Quarkus secret named `tform.s3`; Quarkus maps the properties
 * `tform.s3.name` / `tform.s3.secret` to these environment variables, so the keys stay off the command line.
 */
export const NESSIE_S3_SECRET = {
  urn: "urn:nessie-secret:quarkus:tform.s3",
  nameEnv: "TFORM_S3_NAME",
  secretEnv: "TFORM_S3_SECRET",
} as const;

export const DEFAULT_S3_REGION = "us-east-1";

export interface NessieRestServerInput {
  /** e.g. http://127.0.0.1:29000 */
  readonly s3Endpoint: string;
  /** the default warehouse's location, e.g. s3://warehouse/ */
  readonly warehouseLocation: string;
  readonly warehouseName?: string;
  readonly region?: string;
}

/**
 * Quarkus properties (pass as `-Dk=v`) that turn on Nessie's Iceberg REST catalog over one S3 store.
 * Any bucket of that endpoint may hold data: a namespace created `WITH (location = 's3://gold/…')`
 * puts its tables there.
 */
export function nessieRestServerProperties(input: NessieRestServerInput): Record<string, string> {
  const warehouse = input.warehouseName ?? "warehouse";
  return {
    "nessie.catalog.default-warehouse": warehouse,
    [`nessie.catalog.warehouses.${warehouse}.location`]: input.warehouseLocation,
    "nessie.catalog.service.s3.default-options.endpoint": input.s3Endpoint,
    "nessie.catalog.service.s3.default-options.path-style-access": "true",
    "nessie.catalog.service.s3.default-options.region": input.region ?? DEFAULT_S3_REGION,
    "nessie.catalog.service.s3.default-options.access-key": NESSIE_S3_SECRET.urn,
  };
}

/** The environment Nessie needs for `nessieRestServerProperties` (add to the process env, never to argv). */
export function nessieS3SecretEnv(credentials: {
  readonly accessKey: string;
  readonly secretKey: string;
}): Record<string, string> {
  return { [NESSIE_S3_SECRET.nameEnv]: credentials.accessKey, [NESSIE_S3_SECRET.secretEnv]: credentials.secretKey };
}

/** The environment Trino needs for the `${ENV:…}` references in `restCatalogProperties`. */
export function trinoS3Env(credentials: {
  readonly accessKey: string;
  readonly secretKey: string;
}): Record<string, string> {
  return { [TRINO_S3_ENV.accessKey]: credentials.accessKey, [TRINO_S3_ENV.secretKey]: credentials.secretKey };
}

export interface RestCatalogInput {
  /** Nessie's Iceberg REST base, e.g. http://127.0.0.1:19120/iceberg */
  readonly icebergUri: string;
  /** a branch name, or `{branch}` for the profile's branch-catalog template */
  readonly ref: string;
  readonly s3Endpoint: string;
  readonly region?: string;
}

/**
 * Trino catalog properties for one Nessie branch through Iceberg REST. The branch is the URI's last
 * path segment (Nessie answers `/iceberg/<ref>/v1/config` with `prefix=<ref>`); no `warehouse` is
 * needed when Nessie has a default warehouse. Keys are `${ENV:…}` references that Trino resolves from
 * its own environment: the SQL text, Trino's catalog store and tform's output only carry the names.
 */
export function restCatalogProperties(input: RestCatalogInput): Record<string, string> {
  const base = input.icebergUri.replace(/\/+$/, "");
  return {
    "iceberg.catalog.type": "rest",
    "iceberg.rest-catalog.uri": `${base}/${input.ref}`,
    "fs.native-s3.enabled": "true",
    "s3.endpoint": input.s3Endpoint,
    "s3.path-style-access": "true",
    "s3.region": input.region ?? DEFAULT_S3_REGION,
    "s3.aws-access-key": `\${ENV:${TRINO_S3_ENV.accessKey}}`,
    "s3.aws-secret-key": `\${ENV:${TRINO_S3_ENV.secretKey}}`,
  };
}

import { describe, expect, it } from "vitest";
import {
  nessieRestServerProperties,
  nessieS3SecretEnv,
  restCatalogProperties,
  trinoS3Env,
  TRINO_S3_ENV,
} from "../../src/sandbox/rest-catalog.js";

const keys = { accessKey: "AKIA-test", secretKey: "s3cr3t-value" };

describe("restCatalogProperties", () => {
  const props = restCatalogProperties({
    icebergUri: "http://127.0.0.1:19120/iceberg/",
    ref: "{branch}",
    s3Endpoint: "http://127.0.0.1:9000",
  });

  it("binds the branch as the last segment of Nessie's Iceberg REST URI, keeping the {branch} placeholder", () => {
    expect(props["iceberg.catalog.type"]).toBe("rest");
    expect(props["iceberg.rest-catalog.uri"]).toBe("http://127.0.0.1:19120/iceberg/{branch}");
  });

  it("uses Trino's native S3 file system with path-style access to the given endpoint", () => {
    expect(props).toMatchObject({
      "fs.native-s3.enabled": "true",
      "s3.endpoint": "http://127.0.0.1:9000",
      "s3.path-style-access": "true",
      "s3.region": "us-east-1",
    });
  });

  it("references the S3 keys as ${ENV:…} names that Trino resolves, never the keys themselves", () => {
    expect(props["s3.aws-access-key"]).toBe(`\${ENV:${TRINO_S3_ENV.accessKey}}`);
    expect(props["s3.aws-secret-key"]).toBe(`\${ENV:${TRINO_S3_ENV.secretKey}}`);
    expect(trinoS3Env(keys)).toEqual({
      [TRINO_S3_ENV.accessKey]: keys.accessKey,
      [TRINO_S3_ENV.secretKey]: keys.secretKey,
    });
  });
});

describe("nessieRestServerProperties", () => {
  const props = nessieRestServerProperties({
    s3Endpoint: "http://127.0.0.1:9000",
    warehouseLocation: "s3://warehouse/",
  });

  it("configures a default warehouse on the S3 endpoint with path-style access", () => {
    expect(props).toMatchObject({
      "nessie.catalog.default-warehouse": "warehouse",
      "nessie.catalog.warehouses.warehouse.location": "s3://warehouse/",
      "nessie.catalog.service.s3.default-options.endpoint": "http://127.0.0.1:9000",
      "nessie.catalog.service.s3.default-options.path-style-access": "true",
    });
  });

  it("points the access key at a Quarkus secret whose parts come from the environment, not from properties", () => {
    expect(props["nessie.catalog.service.s3.default-options.access-key"]).toBe("urn:nessie-secret:quarkus:tform.s3");
    expect(JSON.stringify(props)).not.toContain(keys.secretKey);
    expect(nessieS3SecretEnv(keys)).toEqual({ TFORM_S3_NAME: keys.accessKey, TFORM_S3_SECRET: keys.secretKey });
  });
});

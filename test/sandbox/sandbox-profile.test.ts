import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sandboxProfilesYaml } from "../../src/sandbox/sandbox-profile.js";

describe("sandboxProfilesYaml", () => {
  it("writes a dbt-style profile with the Trino fields, a nessie block and a branch catalog template", () => {
    const text = sandboxProfilesYaml({
      trinoPort: 8081,
      nessieUri: "http://127.0.0.1:19125/api/v2",
      warehouseDir: "/data/wh",
      profileNames: ["tform_sandbox", "lakehouse_shop"],
    });
    const doc = parse(text) as Record<string, { target: string; outputs: Record<string, Record<string, unknown>> }>;
    expect(Object.keys(doc)).toEqual(["tform_sandbox", "lakehouse_shop"]);
    const target = doc["lakehouse_shop"]!.outputs[doc["lakehouse_shop"]!.target]!;
    expect(target).toMatchObject({
      type: "trino",
      host: "127.0.0.1",
      port: 8081,
      http_scheme: "http",
      user: "tform",
      catalog: "iceberg",
      schema: "analytics",
      threads: 4,
    });
    expect(target["nessie"]).toEqual({ uri: "http://127.0.0.1:19125/api/v2", default_branch: "main" });
    expect(target["branch_catalog"]).toEqual({
      connector: "iceberg",
      mode: "native",
      properties: {
        "iceberg.catalog.type": "nessie",
        "iceberg.nessie-catalog.uri": "http://127.0.0.1:19125/api/v2",
        "iceberg.nessie-catalog.ref": "{branch}",
        "iceberg.nessie-catalog.default-warehouse-dir": "local:///",
        "fs.native-local.enabled": "true",
        "local.location": "/data/wh",
      },
    });
  });
});

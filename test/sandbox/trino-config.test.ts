import { mkdtempSync, readFileSync, readlinkSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTrinoConfig } from "../../src/sandbox/trino-config.js";

describe("writeTrinoConfig", () => {
  const root = mkdtempSync(join(tmpdir(), "tform-etc-"));
  const input = {
    trinoHome: join(root, "home"),
    etcDir: join(root, "etc"),
    dataDir: join(root, "data"),
    port: 18123,
    nessieUri: "http://127.0.0.1:19120/api/v2",
    warehouseDir: join(root, "wh"),
    heap: "2G",
  };

  it("enables dynamic catalogs, sets the port and a small heap, and binds the static lakehouse catalog to main", () => {
    mkdirSync(join(input.etcDir, "catalog"), { recursive: true });
    writeFileSync(join(input.etcDir, "catalog", "old_branch.properties"), "connector.name=iceberg\n");
    writeTrinoConfig(input);
    const config = readFileSync(join(input.etcDir, "config.properties"), "utf8");
    expect(config).toContain("catalog.management=dynamic");
    expect(config).toContain("http-server.http.port=18123");
    expect(readFileSync(join(input.etcDir, "jvm.config"), "utf8")).toContain("-Xmx2G");
    const iceberg = readFileSync(join(input.etcDir, "catalog", "iceberg.properties"), "utf8");
    expect(iceberg).toContain("iceberg.catalog.type=nessie");
    expect(iceberg).toContain("iceberg.nessie-catalog.ref=main");
    expect(iceberg).toContain(`local.location=${input.warehouseDir}`);
    expect(existsSync(join(input.etcDir, "catalog", "tpch.properties"))).toBe(true);
    // a branch catalog saved by an earlier run is gone: its branch may not exist any more
    expect(existsSync(join(input.etcDir, "catalog", "old_branch.properties"))).toBe(false);
    expect(readlinkSync(join(input.dataDir, "plugin"))).toBe(join(input.trinoHome, "plugin"));
  });
});

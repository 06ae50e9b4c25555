import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TrinoConfigInput {
  readonly trinoHome: string;
  readonly etcDir: string;
  readonly dataDir: string;
  readonly port: number;
  readonly nessieUri: string;
  readonly warehouseDir: string;
  readonly heap: string;
  /** properties of the `iceberg` catalog instead of the native Nessie ones (e.g. REST mode) */
  readonly mainCatalog?: Readonly<Record<string, string>>;
  /** further static catalogs by name, e.g. the branchless `plain` */
  readonly extraCatalogs?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The catalog name of the lakehouse on `main` in the sandbox. */
export const SANDBOX_CATALOG = "iceberg";

/**
 * Properties of an Iceberg catalog on Nessie's native API over a local folder (no object store).
 * Verified on Trino 476: `local:///` paths resolve under `local.location`; views are NOT supported in this
 * mode (CREATE VIEW fails with NOT_SUPPORTED "createView is not supported for Iceberg Nessie catalogs").
 */
export function nativeNessieCatalogProperties(
  nessieUri: string,
  ref: string,
  warehouseDir: string,
): Record<string, string> {
  return {
    "iceberg.catalog.type": "nessie",
    "iceberg.nessie-catalog.uri": nessieUri,
    "iceberg.nessie-catalog.ref": ref,
    "iceberg.nessie-catalog.default-warehouse-dir": "local:///",
    "fs.native-local.enabled": "true",
    "local.location": warehouseDir,
  };
}

function properties(entries: Record<string, string>): string {
  return `${Object.entries(entries)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")}\n`;
}

/** JVM flags for a coordinator that is also the only worker, on a small shared box. */
export function trinoJvmFlags(heap: string): string[] {
  return [
    "-server",
    `-Xmx${heap}`,
    "-XX:+UseG1GC",
    "-XX:G1HeapRegionSize=32M",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+HeapDumpOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:ReservedCodeCacheSize=256M",
    "-XX:PerMethodRecompilationCutoff=10000",
    "-XX:PerBytecodeRecompilationCutoff=10000",
    "-Djdk.attach.allowAttachSelf=true",
    "-Dfile.encoding=UTF-8",
    "-XX:+EnableDynamicAgentLoading",
  ];
}

export function writeTrinoConfig(input: TrinoConfigInput): void {
  const catalogDir = join(input.etcDir, "catalog");
  // Trino's file catalog store saves every CREATE CATALOG here; a branch catalog left from an earlier
  // run could point at a deleted branch, so each start begins with the static catalogs only.
  rmSync(catalogDir, { recursive: true, force: true });
  mkdirSync(catalogDir, { recursive: true });
  mkdirSync(input.dataDir, { recursive: true });
  mkdirSync(input.warehouseDir, { recursive: true });
  // Trino runs with plain `java` in its data folder and looks for etc/catalog and plugin/ there (relative
  // paths); the links are what Trino's launcher makes too
  for (const [link, target] of [
    ["etc", input.etcDir],
    ["plugin", join(input.trinoHome, "plugin")],
  ] as const) {
    rmSync(join(input.dataDir, link), { force: true });
    symlinkSync(target, join(input.dataDir, link));
  }
  writeFileSync(
    join(input.etcDir, "node.properties"),
    properties({ "node.environment": "tform_sandbox", "node.id": "tform-sandbox", "node.data-dir": input.dataDir }),
  );
  writeFileSync(join(input.etcDir, "jvm.config"), `${trinoJvmFlags(input.heap).join("\n")}\n`);
  writeFileSync(
    join(input.etcDir, "config.properties"),
    properties({
      coordinator: "true",
      "node-scheduler.include-coordinator": "true",
      "http-server.http.port": String(input.port),
      "discovery.uri": `http://127.0.0.1:${input.port}`,
      // branch catalogs are created and dropped at run time; static files below survive restarts
      "catalog.management": "dynamic",
      "query.max-memory": "1GB",
      "query.max-memory-per-node": "1GB",
      // 2-core box: fewer threads than Trino's defaults, which size for big servers
      "task.concurrency": "2",
      "task.max-worker-threads": "8",
    }),
  );
  writeFileSync(join(catalogDir, "tpch.properties"), properties({ "connector.name": "tpch" }));
  writeFileSync(
    join(catalogDir, `${SANDBOX_CATALOG}.properties`),
    properties({
      "connector.name": "iceberg",
      ...(input.mainCatalog ?? nativeNessieCatalogProperties(input.nessieUri, "main", input.warehouseDir)),
    }),
  );
  for (const [name, props] of Object.entries(input.extraCatalogs ?? {}))
    writeFileSync(join(catalogDir, `${name}.properties`), properties({ "connector.name": "iceberg", ...props }));
}

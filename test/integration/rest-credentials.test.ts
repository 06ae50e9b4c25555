import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TRINO_S3_ENV } from "../../src/sandbox/rest-catalog.js";
import { createRestBranchCatalogSql, restCatalog, restEngine, restSandbox, uniqueName } from "./rest-harness.js";

/** The secret key S3Proxy checks signatures with: the only file that holds it. */
function s3SecretKey(): string {
  const line = readFileSync(restSandbox().s3PropertiesFile, "utf8")
    .split("\n")
    .find((l) => l.startsWith("s3proxy.credential="));
  if (!line) throw new Error(`no s3proxy.credential in ${restSandbox().s3PropertiesFile}`);
  return line.slice("s3proxy.credential=".length);
}

/** Issue 7 §5: S3 keys reach Trino as ${ENV:…} references, so they are in no log, statement or catalog file. */
describe("S3 keys stay out of Trino's log, its catalog store and the statements", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const branch = uniqueName("it_cred");
  const branchCatalog = `${branch}_cat`;

  afterAll(async () => {
    await engine.execute(`DROP CATALOG IF EXISTS ${branchCatalog}`).catch(() => undefined);
    const ref = await catalog.getReference(branch);
    if (ref) await catalog.deleteReference(ref);
    await engine.close();
  });

  it("creates and uses a branch catalog whose S3 keys appear nowhere but in the store's own 0600 file", async () => {
    const secret = s3SecretKey();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await catalog.createBranch(branch, await catalog.requireReference("main"));
    const createSql = createRestBranchCatalogSql(branchCatalog, branch);
    expect(createSql).not.toContain(secret);
    await engine.execute(createSql);
    await engine.execute(`CREATE SCHEMA ${branchCatalog}.${branch}`);
    await engine.execute(`CREATE TABLE ${branchCatalog}.${branch}.t AS SELECT 1 AS x`);
    expect((await engine.execute(`SELECT x FROM ${branchCatalog}.${branch}.t`)).rows).toEqual([[1]]);

    // Trino's dynamic catalog store keeps the reference, not the value
    const stored = readFileSync(join(restSandbox().trinoCatalogDir, `${branchCatalog}.properties`), "utf8");
    expect(stored).toContain(`s3.aws-secret-key=\${ENV\\:${TRINO_S3_ENV.secretKey}}`);
    for (const file of readdirSync(restSandbox().trinoCatalogDir))
      expect(readFileSync(join(restSandbox().trinoCatalogDir, file), "utf8")).not.toContain(secret);

    // Trino logs every catalog property when it loads one: the secret key as [REDACTED]
    const trinoLog = readFileSync(restSandbox().trinoLog, "utf8");
    expect(trinoLog).toMatch(/s3\.aws-secret-key\s+\[REDACTED\]/);
    for (const text of [
      trinoLog,
      readFileSync(restSandbox().nessieLog, "utf8"),
      readFileSync(restSandbox().profilesFile, "utf8"),
    ])
      expect(text).not.toContain(secret);

    // statements are visible to anyone allowed to list queries
    const queries = (
      await engine.execute(`SELECT query FROM system.runtime.queries WHERE query LIKE '%${branchCatalog}%'`)
    ).rows.map((r) => String(r[0]));
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) expect(q).not.toContain(secret);
  });
});

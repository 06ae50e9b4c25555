import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProject } from "../../src/execute/run-project.js";
import { loadTarget } from "../../src/project/load-target.js";
import { openCatalog } from "../../src/publish/open-lakehouse.js";
import { restEngine, restSandbox } from "./rest-harness.js";

/** Issue 7 §3: the example project builds in place on the plain catalog (no Nessie, no branches). */
describe("the example project on the plain JDBC catalog", () => {
  const engine = restEngine();
  afterAll(() => engine.close());

  it("builds and tests in place, says so, and a rebuild adds snapshots that time travel can read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-plain-"));
    cpSync("example-project", dir, { recursive: true });
    writeFileSync(join(dir, "profiles.yml"), readFileSync(restSandbox().profilesFile, "utf8"));
    const plain = restSandbox().plainCatalog;

    const first = await buildProject({ projectDir: dir, profilesDir: dir, target: "plain" });
    const bad = (first.applied?.results ?? []).filter((r) => !["success", "pass", "warn"].includes(r.status));
    expect(bad.map((r) => `${r.name}: ${r.status}`)).toEqual([]);
    expect(first.inPlace).toBe(true);
    expect(first.success).toBe(true);
    const gold = (first.applied?.results ?? []).find((r) => r.name === "gold_customer_revenue")!.relation!;
    expect(gold.database).toBe(plain);
    const table = `"${gold.database}"."${gold.schema}"."${gold.identifier}"`;
    const [[rowsBefore]] = (await engine.execute(`SELECT count(*) FROM ${table}`)).rows as [[number]];
    const snapshots = (
      await engine.execute(
        `SELECT snapshot_id FROM "${gold.database}"."${gold.schema}"."${gold.identifier}$snapshots" ORDER BY committed_at`,
      )
    ).rows;
    expect(rowsBefore).toBeGreaterThan(0);

    const second = await buildProject({
      projectDir: dir,
      profilesDir: dir,
      target: "plain",
      select: ["gold_customer_revenue"],
    });
    expect(second.success).toBe(true);
    const after = (
      await engine.execute(
        `SELECT snapshot_id FROM "${gold.database}"."${gold.schema}"."${gold.identifier}$snapshots" ORDER BY committed_at`,
      )
    ).rows;
    expect(after.length).toBe(snapshots.length + 1);
    const firstSnapshot = snapshots[snapshots.length - 1]![0];
    expect((await engine.execute(`SELECT count(*) FROM ${table} FOR VERSION AS OF ${firstSnapshot}`)).rows).toEqual([
      [rowsBefore],
    ]);

    // publish has nothing to merge: it says the catalog has no branches
    const target = await loadTarget({
      projectDir: dir,
      profileName: "lakehouse_shop",
      profilesDir: dir,
      targetName: "plain",
    });
    await expect(openCatalog(target, "publish")).rejects.toMatchObject({
      code: "TF623",
      message: expect.stringContaining("no branches"),
    });
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { artifactFileName, fetchArtifacts, SANDBOX_ARTIFACTS } from "../../src/sandbox/sandbox-artifacts.js";

const noMaven = { PATH: "/nonexistent", HOME: "/nonexistent", TFORM_MAVEN_REPO: "/nonexistent" };

describe("fetchArtifacts", () => {
  it("names files as `mvn dependency:copy` does, including the classifier", () => {
    expect(artifactFileName(SANDBOX_ARTIFACTS.trinoServer)).toBe("trino-server-core-476.tar.gz");
    expect(artifactFileName(SANDBOX_ARTIFACTS.nessie)).toBe("nessie-quarkus-0.99.0-runner.jar");
  });

  it("reuses verified downloads without calling mvn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-dl-"));
    const record: Record<string, { size: number; sha1: string }> = {};
    for (const a of Object.values(SANDBOX_ARTIFACTS)) {
      writeFileSync(join(dir, artifactFileName(a)), "abc");
      record[artifactFileName(a)] = { size: 3, sha1: "x" };
    }
    writeFileSync(join(dir, "verified.json"), JSON.stringify(record));
    const files = await fetchArtifacts(dir, noMaven, () => {});
    expect(files.nessie).toBe(join(dir, "nessie-quarkus-0.99.0-runner.jar"));
  });

  it("says to install Maven when a download is needed and mvn is missing (TF801)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-dl-"));
    const err = await fetchArtifacts(dir, noMaven, () => {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TF801" });
    expect((err as { hint: string }).hint).toMatch(/Install Maven/);
  });

  it("downloads again when a verified file's size changed (a truncated copy)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tform-dl-"));
    const record: Record<string, { size: number; sha1: string }> = {};
    for (const a of Object.values(SANDBOX_ARTIFACTS)) {
      writeFileSync(join(dir, artifactFileName(a)), "abc");
      record[artifactFileName(a)] = { size: 999, sha1: "x" };
    }
    writeFileSync(join(dir, "verified.json"), JSON.stringify(record));
    const messages: string[] = [];
    await expect(fetchArtifacts(dir, noMaven, (m) => messages.push(m))).rejects.toMatchObject({ code: "TF801" });
    expect(messages[0]).toMatch(/downloading io.trino:trino-server-core:476:tar.gz/);
  });
});

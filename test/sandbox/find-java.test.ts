import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findJava, parseJavaVersion } from "../../src/sandbox/find-java.js";

describe("parseJavaVersion", () => {
  it("reads the feature release from `java -version` output", () => {
    expect(parseJavaVersion('openjdk version "25" 2025-09-16\nOpenJDK Runtime')).toBe(25);
    expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaVersion('java version "1.8.0_402"')).toBe(8);
    expect(parseJavaVersion("garbage")).toBeUndefined();
  });
});

describe("findJava", () => {
  it("fails with what to install when no JDK is new enough (TF802)", async () => {
    const empty = mkdtempSync(join(tmpdir(), "tform-jvm-"));
    const err = await findJava({
      minVersion: 24,
      purpose: "Trino 476",
      candidates: [join(empty, "nope")],
      jvmRoot: empty,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TF802" });
    expect((err as { hint: string }).hint).toMatch(/JDK 24 or newer.*TFORM_TRINO_JAVA_HOME/);
  });
});

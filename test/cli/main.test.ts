import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tform } from "./cli-harness.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("tform (in-process)", () => {
  it("prints its version", async () => {
    const run = await tform(["--version"]);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it("lists every available command in --help", async () => {
    const run = await tform(["--help"]);
    expect(run.code).toBe(0);
    for (const name of [
      "parse",
      "ls",
      "compile",
      "run",
      "seed",
      "build",
      "test",
      "publish",
      "rollback",
      "diff",
      "history",
      "show",
      "sandbox",
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    }
    expect(run.stdout).toContain("--project-dir");
    expect(run.stdout).toContain("--vars");
  });

  it("shows a command's own options in its help", async () => {
    const run = await tform(["compile", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--select");
    expect(run.stdout).toContain("--exclude");
  });

  it("exits 64 on an unknown option or command", async () => {
    expect((await tform(["compile", "--nope"])).code).toBe(64);
    expect((await tform(["frobnicate"])).code).toBe(64);
  });

  it("reports bad --vars as a project error without a stack trace", async () => {
    const run = await tform(["--vars", "{a: [", "ls"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^ProjectError TF117: --vars is not valid YAML/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectExit, tform } from "../cli/cli-harness.js";
import { commandsProject, dropBranches } from "../integration/commands-project.js";
import { nessieCatalog, sandbox, uniqueName } from "../integration/sandbox-harness.js";
import { nessieProxy, type NessieProxy } from "./nessie-proxy.js";

/**
 * Nessie failing in the middle of `tform publish` on the real sandbox: the merge lands but its reply is lost, the
 * tag request is lost, two publishes race. After each: exit code from the README's table, main as expected, and a
 * plain retry that completes the release.
 */
describe("publish when Nessie fails mid-publish", () => {
  const catalog = nessieCatalog();
  const branches: string[] = [];
  let proxy: NessieProxy;
  let projectDir: string;
  let profilesDir: string;
  let proxiedProfilesDir: string;

  beforeAll(async () => {
    proxy = await nessieProxy(sandbox().nessieUri);
    ({ projectDir, profilesDir } = commandsProject());
    // the same profiles, with tform's own Nessie calls (not Trino's) going through the proxy
    proxiedProfilesDir = join(projectDir, "proxied-profiles");
    mkdirSync(proxiedProfilesDir);
    const profiles = readFileSync(join(profilesDir, "profiles.yml"), "utf8");
    const proxied = profiles.replace(/(\n\s+nessie:\n\s+uri: )\S+/g, `$1${proxy.uri}`);
    expect(proxied).not.toBe(profiles);
    writeFileSync(join(proxiedProfilesDir, "profiles.yml"), proxied);
  });

  afterAll(async () => {
    await proxy.close();
    await dropBranches(branches);
  });

  const run = (dir: string, ...args: string[]) =>
    tform([...args, "--project-dir", projectDir, "--profiles-dir", dir], { cwd: projectDir });

  /** a branch with one new model, built and tested */
  async function testedBranch(): Promise<{ branch: string; tested: string }> {
    const branch = uniqueName("ft_pub");
    branches.push(branch);
    writeFileSync(join(projectDir, "models", `${branch}.sql`), "{{ config(materialized='table') }}\nselect 1 as id");
    const built = await run(profilesDir, "build", "--branch", branch, "-s", branch);
    expectExit(built, 0);
    const tested = await run(profilesDir, "test", "--branch", branch);
    expectExit(tested, 0);
    return { branch, tested: (await catalog.requireReference(branch)).hash };
  }

  const landedMerge = async (tested: string) =>
    (await catalog.history("main", 50)).find((e) => e.meta.properties?.["tform.tested-hash"] === tested);

  it("a merge that landed without a reply exits 5 saying so; the retry merges nothing and creates the tag", async () => {
    const { branch, tested } = await testedBranch();
    const tag = uniqueName("ft_release");
    proxy.fault = "merge-lands-reply-lost";
    const crashed = await run(proxiedProfilesDir, "publish", "--branch", branch, "--tag", tag);
    proxy.fault = undefined;
    expect(proxy.failed.some((r) => r.includes("/history/merge"))).toBe(true);
    expectExit(crashed, 5);
    expect(crashed.stderr).toMatch(/the merge may have landed/);
    expect(crashed.stderr).toContain(`tform publish --branch ${branch}\` again`);
    const merge = await landedMerge(tested);
    expect(merge, "the merge landed on main").toBeDefined();
    expect(await catalog.getReference(tag)).toBeUndefined();

    const retry = await run(profilesDir, "publish", "--branch", branch);
    expectExit(retry, 0);
    expect(retry.stdout).toContain(`Already published: main holds ${branch}@${tested} since ${merge!.hash}`);
    expect(retry.stdout).toContain(`created the missing tag ${tag}`);
    expect((await catalog.requireReference(tag)).hash).toBe(merge!.hash);
    // exactly one merge of the tested hash
    expect(
      (await catalog.history("main", 50)).filter((e) => e.meta.properties?.["tform.tested-hash"] === tested),
    ).toHaveLength(1);
  });

  it("a tag request lost after the merge exits 5 with TF622; the retry creates the tag", async () => {
    const { branch, tested } = await testedBranch();
    const tag = uniqueName("ft_release");
    proxy.fault = "tag-lost";
    const crashed = await run(proxiedProfilesDir, "publish", "--branch", branch, "--tag", tag);
    proxy.fault = undefined;
    expectExit(crashed, 5);
    expect(crashed.stderr).toContain("TF622");
    expect(crashed.stderr).toContain("again to create the tag");
    const merge = await landedMerge(tested);
    expect(merge).toBeDefined();
    expect(await catalog.getReference(tag)).toBeUndefined();

    const retry = await run(profilesDir, "publish", "--branch", branch);
    expectExit(retry, 0);
    expect(retry.stdout).toContain(`created the missing tag ${tag}`);
    expect((await catalog.requireReference(tag)).hash).toBe(merge!.hash);
  });

  it("of two publishes of one tested hash at once, one merges and the other merges nothing; one release tag", async () => {
    const { branch, tested } = await testedBranch();
    const [a, b] = await Promise.all([
      run(profilesDir, "publish", "--branch", branch),
      run(profilesDir, "publish", "--branch", branch),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const outputs = [a.stdout, b.stdout];
    expect(outputs.filter((o) => o.includes(`Published ${branch}@${tested}`))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes("Already published") && o.includes("Merged nothing"))).toHaveLength(1);
    const merges = (await catalog.history("main", 50)).filter(
      (e) => e.meta.properties?.["tform.tested-hash"] === tested,
    );
    expect(merges).toHaveLength(1);
    const tags = (await catalog.listReferences()).filter((r) => r.type === "TAG" && r.hash === merges[0]!.hash);
    expect(tags.map((t) => t.name)).toEqual([merges[0]!.meta.properties!["tform.tag"]]);
  });
});

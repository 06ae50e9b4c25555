import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectExit, tform } from "../cli/cli-harness.js";
import { commandsProject, dropBranches } from "../integration/commands-project.js";
import { nessieCatalog, uniqueName } from "../integration/sandbox-harness.js";

/**
 * A target/ folder tform cannot write: a file in its way, an immutable folder, a full disk (a 4 MiB tmpfs). Each
 * exits 4 naming the folder and the cause before Trino or Nessie is touched; once fixed, the same command completes.
 * The immutable and full cases need root (`chattr`, `mount`), as CI and the sandbox machine run.
 */
describe("build with an unwritable target folder", () => {
  const catalog = nessieCatalog();
  const branches: string[] = [];
  afterAll(() => dropBranches(branches));

  const sh = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { stdio: "pipe" });

  const cases: [string, RegExp, (target: string) => void, (target: string) => void][] = [
    [
      "a file in the way",
      /a file is in the way of a folder/,
      (t) => writeFileSync(t, "not a folder"),
      (t) => rmSync(t),
    ],
    [
      "an immutable folder",
      /operation not permitted/,
      (t) => (mkdirSync(t), sh("chattr", "+i", t)),
      (t) => sh("chattr", "-i", t),
    ],
    [
      "a full disk",
      /MiB free; a run needs at least 32 MiB/,
      (t) => (mkdirSync(t), sh("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", t)),
      (t) => sh("umount", t),
    ],
  ];

  it.each(cases)(
    "%s exits 4 before any branch is created; fixed, the build completes",
    async (_, cause, breakIt, fix) => {
      const { projectDir, profilesDir } = commandsProject();
      const target = join(projectDir, "target");
      const branch = uniqueName("ft_target");
      branches.push(branch);
      const build = () =>
        tform(
          ["build", "--branch", branch, "-s", "inlined", "--project-dir", projectDir, "--profiles-dir", profilesDir],
          {
            cwd: projectDir,
          },
        );
      breakIt(target);
      let fixed = false;
      try {
        const failed = await build();
        expectExit(failed, 4);
        expect(failed.stderr).toContain("ProjectError TF136");
        expect(failed.stderr).toMatch(cause);
        expect(failed.stderr).toContain("target");
        expect(await catalog.getReference(branch)).toBeUndefined();
        fix(target);
        fixed = true;
        expectExit(await build(), 0);
      } finally {
        if (!fixed) fix(target);
      }
    },
  );
});

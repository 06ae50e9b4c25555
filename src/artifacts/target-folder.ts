/**
 * The target folder is checked before a command reads Trino or Nessie: a run whose compiled SQL, manifest and run
 * results cannot be written fails in milliseconds with the path and the cause, not after its last model.
 */
import { mkdir, rm, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileSystemError, ProjectError } from "../errors.js";
import { ProjectCode } from "../project/project-code.js";

/** below this, a run would fill the disk with its artifacts (a large project's manifest is tens of MB) */
const MIN_FREE_BYTES = 32 * 1024 * 1024;

export async function requireWritableTarget(projectRoot: string, targetPath: string): Promise<void> {
  const dir = join(projectRoot, targetPath);
  const probe = join(dir, `.tform-write-check-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, "tform");
    await rm(probe, { force: true });
  } catch (e) {
    throw fileSystemError(e, `The target folder ${targetPath}/ cannot be written`) ?? e;
  }
  const { bavail, bsize } = await statfs(dir);
  const free = bavail * bsize;
  if (free < MIN_FREE_BYTES)
    throw new ProjectError(
      ProjectCode.fileSystem,
      `The target folder ${targetPath}/ (${dir}) is on a disk with ${(free / 2 ** 20).toFixed(1)} MiB free; a run needs at least ${MIN_FREE_BYTES / 2 ** 20} MiB for its artifacts.`,
      { hint: "Free disk space, or set target-path in dbt_project.yml to a folder on another disk." },
    );
}

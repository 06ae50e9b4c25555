/**
 * `tform clean` as a library call: deletes the clean-targets folders of dbt_project.yml (default: the target path).
 * As dbt 1.11, nothing is deleted when a target lies outside the project folder (or is the folder itself) or is
 * one of the project's source folders (models, seeds, macros, tests, analyses, snapshots).
 */
import { rm, stat } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { ProjectError } from "../errors.js";
import { cleanTargets } from "./package-paths.js";
import { ProjectCode } from "./project-code.js";
import { readProjectFile } from "./project-file.js";
import { nodeProjectFs } from "./project-fs.js";

export interface CleanOptions {
  readonly projectDir: string;
  readonly vars?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
}

export interface CleanResult {
  /** relative to the project root, as listed */
  readonly removed: readonly string[];
  /** listed but not there */
  readonly absent: readonly string[];
}

export async function cleanProject(options: CleanOptions): Promise<CleanResult> {
  const root = resolve(options.projectDir);
  const pf = await readProjectFile({
    root,
    fs: nodeProjectFs,
    cliVars: options.vars ?? {},
    env: options.env ?? process.env,
    warnings: [],
  });
  const targets = cleanTargets(pf.yaml, pf.config.targetPath).map((t) => ({ listed: t, path: resolve(root, t) }));
  const { config } = pf;
  const sources = new Set(
    [
      ...config.modelPaths,
      ...config.seedPaths,
      ...config.macroPaths,
      ...config.testPaths,
      ...pf.analysisPaths,
      ...pf.snapshotPaths,
    ].map((p) => resolve(root, p)),
  );
  const location = pf.yaml.locate(["clean-targets"]);
  const protectedOnes = targets.filter((t) => sources.has(t.path));
  if (protectedOnes.length > 0) {
    throw new ProjectError(
      ProjectCode.cleanRefused,
      `tform will not clean these source folders: ${protectedOnes.map((t) => t.listed).join(", ")}.`,
      {
        location,
        hint: "Remove them from clean-targets in dbt_project.yml; clean-targets is for generated folders (target, dbt_packages).",
      },
    );
  }
  const outside = targets.filter((t) => !t.path.startsWith(root + sep));
  if (outside.length > 0) {
    throw new ProjectError(
      ProjectCode.cleanRefused,
      `tform will not clean folders outside the project ${root}: ${outside.map((t) => t.path).join(", ")}.`,
      {
        location,
        hint: "clean-targets must name folders inside the project (as dbt requires); delete others yourself.",
      },
    );
  }
  const removed: string[] = [];
  const absent: string[] = [];
  for (const t of targets) {
    const there = await stat(t.path).then(
      () => true,
      () => false,
    );
    await rm(t.path, { recursive: true, force: true });
    (there ? removed : absent).push(relative(root, t.path));
  }
  return { removed, absent };
}

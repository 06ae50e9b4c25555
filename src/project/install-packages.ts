/**
 * `tform deps` as a library call. A `local:` package is linked into the packages folder under its project name, as
 * dbt 1.11 links it (copied where links are not possible). Hub, git and tarball packages cannot be downloaded here:
 * one already vendored in the folder (with its dbt_project.yml) is kept; a missing one is a located error that says
 * how to vendor it. Every package is checked before anything is changed.
 */
import { cp, lstat, mkdir, realpath, rm, symlink, unlink } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { ProjectError } from "../errors.js";
import { localPackageName } from "./macro-files.js";
import { packagesInstallPath } from "./package-paths.js";
import { readPackagesFile, type PackageSpec } from "./packages-file.js";
import { ProjectCode } from "./project-code.js";
import { readProjectFile } from "./project-file.js";
import { nodeProjectFs, type ProjectFs } from "./project-fs.js";

export interface InstallPackagesOptions {
  readonly projectDir: string;
  readonly vars?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
}

export interface InstalledPackage {
  readonly name: string;
  readonly kind: PackageSpec["kind"];
  /** the local path or the hub/git spec, as written */
  readonly from: string;
  /** linked: a symbolic link to the local folder; copied: where links fail; kept: already vendored */
  readonly action: "linked" | "copied" | "kept";
  /** relative to the project root */
  readonly folder: string;
}

export interface InstallPackagesResult {
  /** the file the packages came from; undefined when the project declares none */
  readonly file?: string;
  /** relative to the project root */
  readonly installPath: string;
  readonly packages: readonly InstalledPackage[];
}

const fs: ProjectFs = nodeProjectFs;

async function packageName(dir: string, spec: Extract<PackageSpec, { kind: "local" }>): Promise<string> {
  const name = await localPackageName(fs, dir);
  if (name !== undefined) return name;
  throw new ProjectError(
    ProjectCode.localPackageMissing,
    `The local package '${spec.path}' (${spec.location.file}:${spec.location.line ?? "?"}) has no dbt_project.yml with a name: at ${dir}.`,
    {
      location: spec.location,
      hint: "local: takes the path of a dbt project folder, relative to this project.",
    },
  );
}

async function vendored(
  root: string,
  installPath: string,
  spec: Exclude<PackageSpec, { kind: "local" }>,
): Promise<InstalledPackage> {
  for (const name of spec.names) {
    if ((await fs.kind(join(root, installPath, name, "dbt_project.yml"))) === "file")
      return { name, kind: spec.kind, from: spec.spec, action: "kept", folder: join(installPath, name) };
  }
  const name = spec.names[0] ?? spec.spec;
  throw new ProjectError(
    ProjectCode.packageNotInstalled,
    `${spec.location.file}:${spec.location.line ?? "?"} lists the package ${spec.spec}, which is not in ${installPath}/: tform cannot download packages from the dbt Hub, git or a tarball.`,
    {
      location: spec.location,
      hint: `Vendor it: copy the package's folder (the one holding its dbt_project.yml) to ${installPath}/${name}/ in the project, e.g. from a checkout or from the dbt_packages/ of a machine where \`dbt deps\` ran.`,
    },
  );
}

async function link(source: string, dest: string): Promise<"linked" | "copied"> {
  const existing = await lstat(dest).catch(() => undefined);
  if (existing?.isSymbolicLink()) await unlink(dest);
  else if (existing) await rm(dest, { recursive: true, force: true });
  try {
    await symlink(source, dest, "dir");
    return "linked";
  } catch {
    await cp(source, dest, { recursive: true });
    return "copied";
  }
}

export async function installPackages(options: InstallPackagesOptions): Promise<InstallPackagesResult> {
  const root = resolve(options.projectDir);
  const pf = await readProjectFile({
    root,
    fs,
    cliVars: options.vars ?? {},
    env: options.env ?? process.env,
    warnings: [],
  });
  const installPath = packagesInstallPath(pf.yaml);
  const declared = await readPackagesFile(fs, root);
  if (!declared) return { installPath, packages: [] };
  const done = new Map<PackageSpec, InstalledPackage>();
  for (const spec of declared.packages)
    if (spec.kind !== "local") done.set(spec, await vendored(root, installPath, spec));
  const locals = await Promise.all(
    declared.packages
      .flatMap((spec) => (spec.kind === "local" ? [spec] : []))
      .map(async (spec) => {
        const source = resolve(root, spec.path);
        return { spec, source, name: await packageName(source, spec) };
      }),
  );
  await mkdir(join(root, installPath), { recursive: true });
  for (const { spec, source, name } of locals) {
    const dest = join(root, installPath, name);
    // a local package that is itself a folder inside the packages folder is its own installation: replacing it would delete it
    const same =
      !(await lstat(dest).catch(() => undefined))?.isSymbolicLink() &&
      (await realpath(dest).catch(() => undefined)) === (await realpath(source));
    done.set(spec, {
      name,
      kind: "local",
      from: spec.path,
      action: same ? "kept" : await link(source, dest),
      folder: relative(root, dest),
    });
  }
  return { file: declared.file, installPath, packages: declared.packages.map((spec) => done.get(spec)!) };
}

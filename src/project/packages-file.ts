/** packages.yml or dependencies.yml, as dbt reads them: the `packages:` list, one entry per package. */
import { join } from "node:path";
import { ProjectError, type SourceLocation } from "../errors.js";
import { candidateNames } from "./macro-files.js";
import { ProjectCode } from "./project-code.js";
import type { ProjectFs } from "./project-fs.js";
import { parseYamlFile } from "./yaml-file.js";

export type PackageSpec =
  | { readonly kind: "local"; readonly path: string; readonly location: SourceLocation }
  | {
      readonly kind: "hub" | "git" | "tarball" | "private";
      /** as written: `dbt-labs/dbt_utils`, a git URL, a tarball URL */
      readonly spec: string;
      /** folder names the package may be vendored under */
      readonly names: readonly string[];
      readonly location: SourceLocation;
    };

export interface PackagesFile {
  readonly file: "packages.yml" | "dependencies.yml";
  readonly packages: readonly PackageSpec[];
}

const KINDS = [
  ["local", "local"],
  ["package", "hub"],
  ["git", "git"],
  ["tarball", "tarball"],
  ["private", "private"],
] as const;

const invalid = (location: SourceLocation, what: string): ProjectError =>
  new ProjectError(ProjectCode.invalidPackagesFile, `Invalid ${location.file}:${location.line ?? "?"}: ${what}.`, {
    location,
    hint: "List packages as dbt does: packages: [{package: dbt-labs/dbt_utils, version: 1.3.0}, {local: ../shared}, {git: https://…}]",
  });

async function read(fs: ProjectFs, root: string, file: PackagesFile["file"]) {
  if ((await fs.kind(join(root, file))) !== "file") return undefined;
  const yaml = parseYamlFile(await fs.readFile(join(root, file)), file, []);
  const doc = yaml.value as Record<string, unknown> | null;
  return doc && typeof doc === "object" && "packages" in doc ? { file, yaml, list: doc.packages } : undefined;
}

/** The packages the project declares; undefined when neither file lists any. */
export async function readPackagesFile(fs: ProjectFs, root: string): Promise<PackagesFile | undefined> {
  const [packages, dependencies] = await Promise.all([
    read(fs, root, "packages.yml"),
    read(fs, root, "dependencies.yml"),
  ]);
  if (packages && dependencies)
    throw invalid(
      dependencies.yaml.locate(["packages"]),
      "the 'packages' key cannot be in both packages.yml and dependencies.yml (dbt refuses it too)",
    );
  const found = dependencies ?? packages;
  if (!found || found.list === null) return undefined;
  if (!Array.isArray(found.list)) throw invalid(found.yaml.locate(["packages"]), "packages: must be a list");
  return {
    file: found.file,
    packages: found.list.map((entry, i): PackageSpec => {
      const location = found.yaml.locate(["packages", i]);
      const dict =
        entry !== null && typeof entry === "object" && !Array.isArray(entry)
          ? (entry as Record<string, unknown>)
          : undefined;
      const kind = dict && KINDS.find(([key]) => typeof dict[key] === "string");
      if (!dict || !kind)
        throw invalid(location, "each package needs one of local:, package:, git:, tarball: or private: (a string)");
      const spec = dict[kind[0]] as string;
      if (kind[1] === "local") return { kind: "local", path: spec, location };
      return { kind: kind[1], spec, names: [...new Set(candidateNames(dict)?.names ?? [])], location };
    }),
  };
}

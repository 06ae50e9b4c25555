/**
 * dbt_project.yml's `packages-install-path` (where `deps` puts packages and the loader finds them) and
 * `clean-targets` (what `clean` deletes), with dbt 1.11's defaults: dbt_packages, and the target path alone.
 */
import { ProjectError } from "../errors.js";
import { ProjectCode } from "./project-code.js";
import type { YamlFile } from "./yaml-file.js";

export const DEFAULT_PACKAGES_INSTALL_PATH = "dbt_packages";

const raw = (yaml: YamlFile): Record<string, unknown> =>
  yaml.value && typeof yaml.value === "object" ? (yaml.value as Record<string, unknown>) : {};
const trimmed = (p: string): string => p.replace(/\/+$/, "") || p;

export function packagesInstallPath(yaml: YamlFile): string {
  const value = raw(yaml)["packages-install-path"];
  if (value === undefined || value === null) return DEFAULT_PACKAGES_INSTALL_PATH;
  if (typeof value !== "string" || value.trim() === "") {
    throw new ProjectError(
      ProjectCode.invalidProjectFile,
      "packages-install-path in dbt_project.yml must be a folder name.",
      { location: yaml.locate(["packages-install-path"]), hint: "e.g. packages-install-path: dbt_packages" },
    );
  }
  return trimmed(value);
}

export function cleanTargets(yaml: YamlFile, targetPath: string): string[] {
  const value = raw(yaml)["clean-targets"];
  if (value === undefined || value === null) return [targetPath];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((p) => typeof p !== "string" || p.trim() === "")) {
    throw new ProjectError(
      ProjectCode.invalidProjectFile,
      "clean-targets in dbt_project.yml must be a list of folder names.",
      { location: yaml.locate(["clean-targets"]), hint: 'e.g. clean-targets: ["target", "dbt_packages"]' },
    );
  }
  return (list as string[]).map(trimmed);
}

/**
 * Macro files in the order later definitions win: tform's built-ins, vendored packages (packages-install-path, dbt_packages/, packages/),
 * then the project (macro-paths and custom generic tests in <test-path>/generic/). Packages listed in packages.yml
 * that are not vendored get a warning: tform never downloads packages.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ProjectWarning } from "./project-code.js";
import type { ProjectFs } from "./project-fs.js";
import type { MacroFile, Warning } from "./types.js";
import { parseYamlFile } from "./yaml-file.js";
import { packageRoot } from "../package-root.js";

export const BUILTIN_PACKAGE = "tform";

async function readMacros(
  fs: ProjectFs,
  base: string,
  dirs: readonly string[],
  packageName: string,
  relativeTo: string,
): Promise<MacroFile[]> {
  const lists = await Promise.all(
    dirs.map(async (d) =>
      (await fs.listFiles(join(base, d))).filter((f) => f.endsWith(".sql")).map((f) => `${d}/${f}`),
    ),
  );
  const rel = lists.flat();
  const sources = await Promise.all(rel.map((r) => fs.readFile(join(base, r))));
  const prefix = relativeTo ? `${relativeTo}/` : "";
  return rel.map((r, i) => ({ path: join(base, r), relativePath: `${prefix}${r}`, source: sources[i]!, packageName }));
}

let builtins: MacroFile[] | undefined;

/** tform's built-in macros (the package's macros/ folder), read once; synchronous for renderers of projects built in memory. */
export function builtinMacroFiles(): readonly MacroFile[] {
  if (builtins) return builtins;
  const root = packageRoot();
  const files = readdirSync(join(root, "macros"), { recursive: true, encoding: "utf8" })
    .map((f) => f.replaceAll("\\", "/"))
    .filter((f) => f.endsWith(".sql"))
    .sort();
  return (builtins = files.map((f) => ({
    path: join(root, "macros", f),
    relativePath: `macros/${f}`,
    source: readFileSync(join(root, "macros", f), "utf8"),
    packageName: BUILTIN_PACKAGE,
  })));
}

interface VendoredPackage {
  readonly name: string;
  readonly folder: string;
  readonly macros: MacroFile[];
}

async function vendoredPackages(
  fs: ProjectFs,
  root: string,
  installPath: string,
  warnings: Warning[],
): Promise<VendoredPackage[]> {
  const found: VendoredPackage[] = [];
  for (const parent of new Set([installPath, "dbt_packages", "packages"])) {
    const files = await fs.listFiles(join(root, parent));
    const folders = [...new Set(files.filter((f) => /^[^/]+\/dbt_project\.yml$/.test(f)).map((f) => f.split("/")[0]!))];
    found.push(
      ...(await Promise.all(
        folders.map(async (folder) => {
          const rel = `${parent}/${folder}`;
          const yaml = parseYamlFile(
            await fs.readFile(join(root, rel, "dbt_project.yml")),
            `${rel}/dbt_project.yml`,
            warnings,
          );
          const doc = (yaml.value ?? {}) as Record<string, unknown>;
          const name = typeof doc.name === "string" ? doc.name : folder;
          const paths = doc["macro-paths"];
          const dirs = Array.isArray(paths) ? paths.map(String) : ["macros"];
          return { name, folder: rel, macros: await readMacros(fs, join(root, rel), dirs, name, rel) };
        }),
      )),
    );
  }
  return found;
}

/** Names a packages.yml entry may be vendored under: `dbt-labs/dbt_utils` → dbt_utils; a git URL → its repo name. */
export function candidateNames(entry: Record<string, unknown>): { label: string; names: string[] } | undefined {
  const spec = entry.package ?? entry.git ?? entry.local ?? entry.tarball ?? entry.private;
  if (typeof spec !== "string") return undefined;
  const last =
    spec
      .replace(/\.git$/, "")
      .replace(/\/+$/, "")
      .split(/[/:]/)
      .pop() ?? spec;
  return { label: spec, names: [last, last.replaceAll("-", "_"), typeof entry.name === "string" ? entry.name : last] };
}

async function checkDeclaredPackages(
  fs: ProjectFs,
  root: string,
  vendored: readonly VendoredPackage[],
  warnings: Warning[],
): Promise<void> {
  const have = new Set(vendored.flatMap((p) => [p.name, p.folder.split("/")[1]!]));
  for (const file of ["packages.yml", "dependencies.yml"]) {
    if ((await fs.kind(join(root, file))) !== "file") continue;
    const yaml = parseYamlFile(await fs.readFile(join(root, file)), file, warnings);
    const list = (yaml.value as { packages?: unknown } | null)?.packages;
    if (!Array.isArray(list)) continue;
    for (const [i, entry] of list.entries()) {
      const c = entry && typeof entry === "object" ? candidateNames(entry as Record<string, unknown>) : undefined;
      if (!c) continue;
      const local = (entry as { local?: unknown }).local;
      // `tform deps` links a local package under the name in its dbt_project.yml, as dbt does
      const names = typeof local === "string" ? [...c.names, await localPackageName(fs, join(root, local))] : c.names;
      if (names.some((n) => n !== undefined && have.has(n))) continue;
      warnings.push({
        code: ProjectWarning.packageNotVendored,
        message:
          typeof local === "string"
            ? `${file} lists the local package ${local}, which is not installed: run \`tform deps\` to link it into the packages folder.`
            : `${file} lists the package ${c.label}, which is not vendored: tform does not download packages, so its macros are unavailable.`,
        location: yaml.locate(["packages", i]),
      });
    }
  }
}

/** The `name:` in the dbt_project.yml of a package folder. */
export async function localPackageName(fs: ProjectFs, dir: string): Promise<string | undefined> {
  if ((await fs.kind(join(dir, "dbt_project.yml"))) !== "file") return undefined;
  const doc = parseYamlFile(await fs.readFile(join(dir, "dbt_project.yml")), join(dir, "dbt_project.yml"), [])
    .value as { name?: unknown } | null;
  return typeof doc?.name === "string" ? doc.name : undefined;
}

export interface MacroSources {
  readonly root: string;
  readonly fs: ProjectFs;
  readonly projectName: string;
  readonly macroPaths: readonly string[];
  readonly testPaths: readonly string[];
  /** dbt_project.yml packages-install-path (default dbt_packages) */
  readonly packagesInstallPath?: string;
  readonly warnings: Warning[];
}

export async function loadMacroFiles(o: MacroSources): Promise<MacroFile[]> {
  const [builtin, vendored, own, generic] = await Promise.all([
    builtinMacroFiles(),
    vendoredPackages(o.fs, o.root, o.packagesInstallPath ?? "dbt_packages", o.warnings),
    readMacros(o.fs, o.root, o.macroPaths, o.projectName, ""),
    readMacros(
      o.fs,
      o.root,
      o.testPaths.map((t) => `${t}/generic`),
      o.projectName,
      "",
    ),
  ]);
  await checkDeclaredPackages(o.fs, o.root, vendored, o.warnings);
  return [...builtin, ...vendored.flatMap((p) => p.macros), ...own, ...generic];
}

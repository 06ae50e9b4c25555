/** Lists a project's files by role (models, properties YAML, seeds, tests, docs, snapshots) and reads them in parallel. */
import { join } from "node:path";
import type { ProjectFile } from "./project-file.js";
import type { ProjectFs } from "./project-fs.js";

export interface ProjectSourceFile {
  /** path relative to the project root, forward slashes */
  readonly path: string;
  /** folders between the resource path and the file, for the fqn */
  readonly folders: readonly string[];
  /** file name without its extension */
  readonly stem: string;
}

export interface TextFile extends ProjectSourceFile {
  readonly text: string;
}

export interface ProjectFiles {
  readonly models: readonly TextFile[];
  readonly properties: readonly TextFile[];
  readonly seeds: readonly ProjectSourceFile[];
  readonly singularTests: readonly TextFile[];
  readonly docs: readonly TextFile[];
  readonly snapshots: readonly TextFile[];
  /** dbt Python models, which tform cannot run (warned about) */
  readonly pythonModels: readonly ProjectSourceFile[];
  /** unit test fixtures: .csv and .sql files under <test-path>/fixtures/, by their stem */
  readonly fixtures: readonly TextFile[];
}

async function list(
  fs: ProjectFs,
  root: string,
  dirs: readonly string[],
  keep: (f: string) => boolean,
): Promise<ProjectSourceFile[]> {
  const seen = new Set<string>();
  const lists = await Promise.all(dirs.map(async (d) => ({ d, files: await fs.listFiles(join(root, d)) })));
  const out: ProjectSourceFile[] = [];
  for (const { d, files } of lists) {
    for (const f of files) {
      if (!keep(f)) continue;
      const path = d === "." || d === "" ? f : `${d}/${f}`;
      if (seen.has(path)) continue;
      seen.add(path);
      const parts = f.split("/");
      const file = parts.pop()!;
      out.push({ path, folders: parts, stem: file.replace(/\.[^.]+$/, "") });
    }
  }
  return out;
}

const read = (fs: ProjectFs, root: string, files: readonly ProjectSourceFile[]): Promise<TextFile[]> =>
  Promise.all(files.map(async (f) => ({ ...f, text: await fs.readFile(join(root, f.path)) })));

const ext =
  (...exts: string[]) =>
  (f: string): boolean =>
    exts.some((e) => f.endsWith(e)) && !f.split("/").some((p) => p.startsWith("."));

export async function readProjectFiles(realFs: ProjectFs, root: string, pf: ProjectFile): Promise<ProjectFiles> {
  // model, properties and docs listings overlap: list each folder once
  const listings = new Map<string, Promise<readonly string[]>>();
  const fs: ProjectFs = {
    ...realFs,
    listFiles: (d) => listings.get(d) ?? (listings.set(d, realFs.listFiles(d)), listings.get(d)!),
  };
  const c = pf.config;
  const propertyDirs = [
    ...c.modelPaths,
    ...c.seedPaths,
    ...pf.snapshotPaths,
    ...c.testPaths,
    ...pf.analysisPaths,
    ...c.macroPaths,
  ];
  const docDirs =
    c.docsPaths.length > 0
      ? c.docsPaths
      : [...c.modelPaths, ...c.seedPaths, ...c.testPaths, ...c.macroPaths, ...pf.snapshotPaths, ...pf.analysisPaths];
  // as dbt: generic test macros and unit test fixtures live below the test paths but are not singular tests
  const isTestSql = (f: string): boolean => ext(".sql")(f) && !f.startsWith("generic/") && !f.startsWith("fixtures/");
  const fixtureDirs = c.testPaths.map((d) => `${d}/fixtures`);
  const [models, properties, seeds, singularTests, docs, snapshots, pythonModels, fixtures] = await Promise.all([
    list(fs, root, c.modelPaths, ext(".sql")).then((f) => read(fs, root, f)),
    list(fs, root, propertyDirs, ext(".yml", ".yaml")).then((f) => read(fs, root, f)),
    list(fs, root, c.seedPaths, ext(".csv")),
    list(fs, root, c.testPaths, isTestSql).then((f) => read(fs, root, f)),
    list(fs, root, docDirs, ext(".md")).then((f) => read(fs, root, f)),
    list(fs, root, pf.snapshotPaths, ext(".sql")).then((f) => read(fs, root, f)),
    list(fs, root, c.modelPaths, ext(".py")),
    list(fs, root, fixtureDirs, ext(".csv", ".sql")).then((f) => read(fs, root, f)),
  ]);
  return { models, properties, seeds, singularTests, docs, snapshots, pythonModels, fixtures };
}

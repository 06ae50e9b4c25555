/** `tform parse` as a library call: load and parse the project, write target/manifest.json without SQL. */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { buildManifest, type Manifest } from "../artifacts/manifest.js";
import { tformVersion } from "../artifacts/tform-version.js";
import { writeArtifactFiles } from "../artifacts/write-artifact-files.js";
import { prepareProject, type PreparedProject, type ProjectOptions } from "./prepare-project.js";

export interface ParseResult extends PreparedProject {
  readonly manifest: Manifest;
  readonly manifestPath: string;
}

export async function parseProjectDir(options: ProjectOptions & { readonly write?: boolean }): Promise<ParseResult> {
  const prepared = await prepareProject(options);
  const manifest = buildManifest({ prepared, invocationId: randomUUID(), tformVersion: tformVersion() });
  const { project } = prepared;
  const manifestPath = path.join(project.root, project.config.targetPath, "manifest.json");
  if (options.write !== false)
    await writeArtifactFiles(project.root, [
      { path: path.relative(project.root, manifestPath), content: JSON.stringify(manifest) },
    ]);
  return { ...prepared, manifest, manifestPath };
}

/** Profile target → load → parse → graph: what every command that reads a project starts with. */
import { resolve } from "node:path";
import { requireWritableTarget } from "../artifacts/target-folder.js";
import { loadProjectCached, type CachedLoad } from "../project/load-cache.js";
import { loadTarget } from "../project/load-target.js";
import { projectProfileName } from "../project/project-file.js";
import { targetView } from "../project/target-view.js";
import type { Project, Target, Warning } from "../project/types.js";
import { unactedSqlConfig } from "../project/unacted-config.js";
import { buildGraph, type ProjectGraph } from "../graph/project-graph.js";
import { parseProject, type ParsedProject } from "../render/parse-project.js";

export interface ProjectOptions {
  readonly projectDir: string;
  readonly profilesDir?: string;
  /** the profile's target to use; default: the profile's `target:` */
  readonly targetName?: string;
  /** `--vars`, overriding the project's vars */
  readonly vars?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
  /** reuse what earlier runs saved under target/partial_parse/ (default true; --no-partial-parse) */
  readonly partialParse?: boolean;
}

export interface PreparedProject extends LoadedProject {
  readonly parsed: ParsedProject;
  readonly graph: ProjectGraph;
  /** the loader's warnings and those of config() calls in SQL (keys tform does not act on) */
  readonly warnings: readonly Warning[];
  /** wall milliseconds per phase, for --debug and the benchmark */
  readonly timings: Record<string, number>;
}

export interface LoadedProject {
  readonly project: Project;
  readonly target: Target;
  /** unique id → digest of the loaded node, for partial parsing (empty when it is off) */
  readonly nodeDigests: ReadonlyMap<string, string>;
  /** how the project was loaded (saved as it was, saved with edited models, afresh) */
  readonly loadedFrom: CachedLoad["from"];
}

/** The project and its profile target, without parsing: what publish-side commands need. */
export async function loadProjectAndTarget(options: ProjectOptions): Promise<LoadedProject> {
  const vars = options.vars ?? {};
  // dbt needs a profile even to parse or compile (target.schema and the catalog shape the SQL, and YAML such as a
  // source's `schema: "{{ target.schema }}"` reads it), so the profile is read before the project's YAML
  const projectDir = resolve(options.projectDir);
  const profileName = await projectProfileName(projectDir, vars, options.env);
  const target = await loadTarget({
    projectDir,
    profileName,
    vars,
    ...(options.profilesDir !== undefined ? { profilesDir: options.profilesDir } : {}),
    ...(options.targetName !== undefined ? { targetName: options.targetName } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
  });
  const { project, digests, from } = await loadProjectCached({
    projectDir,
    vars,
    target: targetView(target),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.partialParse !== undefined ? { partialParse: options.partialParse } : {}),
  });
  return { project, target, nodeDigests: digests, loadedFrom: from };
}

export async function prepareProject(options: ProjectOptions): Promise<PreparedProject> {
  const timings: Record<string, number> = {};
  let last = performance.now();
  const lap = (phase: string): void => {
    const now = performance.now();
    timings[phase] = now - last;
    last = now;
  };
  const { project, target, nodeDigests, loadedFrom } = await loadProjectAndTarget(options);
  await requireWritableTarget(project.root, project.config.targetPath);
  lap("load");
  const parsed = await parseProject(project, target, { vars: options.vars ?? {}, nodeDigests });
  lap("parse");
  const graph = buildGraph(parsed);
  lap("graph");
  const sqlWarnings = project.models.flatMap((m) => {
    const node = parsed.nodes.get(m.uniqueId);
    return node
      ? unactedSqlConfig(
          m.originalFilePath,
          m.rawCode,
          m.config as unknown as Record<string, unknown>,
          node.config as unknown as Record<string, unknown>,
        )
      : [];
  });
  return {
    // as parsed: nodes that config(enabled=false) in their SQL disabled are gone, as after the YAML's enabled: false
    project: parsed.project,
    target,
    parsed,
    graph,
    nodeDigests,
    loadedFrom,
    timings,
    warnings: [...project.warnings, ...sqlWarnings],
  };
}

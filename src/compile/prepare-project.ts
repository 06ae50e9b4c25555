/** Load → profile target → parse → graph: what every command that reads a project starts with. */
import { loadProject } from "../project/load-project.js";
import { loadTarget } from "../project/load-target.js";
import type { Project, Target } from "../project/types.js";
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
}

export interface PreparedProject {
  readonly project: Project;
  readonly target: Target;
  readonly parsed: ParsedProject;
  readonly graph: ProjectGraph;
  /** wall milliseconds per phase, for --debug and the benchmark */
  readonly timings: Record<string, number>;
}

export async function prepareProject(options: ProjectOptions): Promise<PreparedProject> {
  const vars = options.vars ?? {};
  const timings: Record<string, number> = {};
  let last = performance.now();
  const lap = (phase: string): void => {
    const now = performance.now();
    timings[phase] = now - last;
    last = now;
  };
  const project = await loadProject({ projectDir: options.projectDir, vars });
  // dbt needs a profile even to parse or compile (target.schema and the catalog shape the SQL)
  lap("load");
  const target = await loadTarget({
    projectDir: project.root,
    profileName: project.config.profile,
    vars,
    ...(options.profilesDir !== undefined ? { profilesDir: options.profilesDir } : {}),
    ...(options.targetName !== undefined ? { targetName: options.targetName } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
  });
  lap("profile");
  const parsed = await parseProject(project, target, { vars });
  lap("parse");
  const graph = buildGraph(parsed);
  lap("graph");
  return { project, target, parsed, graph, timings };
}

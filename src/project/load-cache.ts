/**
 * Partial parsing, load step (dbt's partial_parse idea): loadProject is a pure function of what it reads
 * from the file system and the environment, the CLI vars and target name, and tform's code. A full load
 * records every read it makes and saves the Project with that record; the next load replays the reads and,
 * when every answer is the same, returns the saved Project (~0.3 s instead of ~1 s on 10k models). When the
 * only differences are the texts of model files, those nodes get the new text: a model file's text is its
 * raw_code and nothing else of the node (config() in the SQL is applied later, by render/).
 */
import { join } from "node:path";
import { codeId } from "../cache/code-id.js";
import { digest, digestOf } from "../cache/digest.js";
import { equalValueSharer } from "../cache/share-equal.js";
import { readState, stateDir, writeState } from "../cache/state-file.js";
import { loadProject, type LoadProjectOptions } from "./load-project.js";
import { readProjectFile } from "./project-file.js";
import { nodeProjectFs, type ProjectFs } from "./project-fs.js";
import type { Project } from "./types.js";

const FORMAT = "tform-load-state v1";

/** Edited models patched on every load before the saved project is rewritten with them. */
const REWRITE_AFTER = 100;

/** One read and a digest of its answer. */
type Read = readonly ["file" | "list" | "kind" | "env", string, string];

interface LoadState {
  readonly reads: readonly Read[];
  readonly project: Project;
  readonly digests: ReadonlyMap<string, string>;
}

export interface CachedLoad {
  readonly project: Project;
  /** "hit": the saved project as it was; "patched": saved, with new model texts; "full": loaded afresh */
  readonly from: "hit" | "patched" | "full";
  /** unique id → digest of the loaded node (what later steps key their own saved work by); empty without partial parsing */
  readonly digests: ReadonlyMap<string, string>;
}

/** Nodes with equal configs (or test kwargs) get one shared object (see share-equal.ts). */
function shareEqualValues(project: Project): Project {
  const shared = equalValueSharer();
  const node = <T extends { config: unknown }>(n: T): T => ({
    ...n,
    config: shared(n.config),
    ...("kwargs" in n ? { kwargs: shared(n.kwargs) } : {}),
  });
  return {
    ...project,
    models: project.models.map(node),
    seeds: project.seeds.map(node),
    tests: project.tests.map(node),
    snapshots: project.snapshots.map(node),
    ...(project.disabled ? { disabled: project.disabled.map(node) } : {}),
  };
}

/** Every loaded node, enabled or not (a disabled node's config still matters to ref() errors). */
const allNodes = (p: Project) => [...p.models, ...p.seeds, ...p.snapshots, ...p.tests, ...(p.disabled ?? [])];

function nodeDigests(
  project: Project,
  previous?: ReadonlyMap<string, string>,
  changed?: ReadonlySet<string>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of allNodes(project))
    out.set(n.uniqueId, (!changed?.has(n.uniqueId) && previous?.get(n.uniqueId)) || digestOf(n));
  return out;
}

/** Digests of a read's answer, a value or a failure, as recorded and as replayed. */
const answerDigest = (value: unknown): string => (typeof value === "string" ? digest(value) : digestOf(value));
const failureDigest = (e: unknown): string => `error:${(e as NodeJS.ErrnoException).code ?? String(e)}`;
const envDigest = (value: unknown): string => (value === undefined ? "unset" : digest(String(value)));

const answer = (work: () => Promise<unknown>): Promise<string> => work().then(answerDigest, failureDigest);

/** A ProjectFs and environment that record what the load asked and what it got. */
function recorder(fs: ProjectFs, env: NodeJS.ProcessEnv): { fs: ProjectFs; env: NodeJS.ProcessEnv; reads: Read[] } {
  const reads: Read[] = [];
  const seen = new Set<string>();
  const note = (kind: Read[0], key: string, value: string): void => {
    if (seen.has(`${kind}:${key}`)) return;
    seen.add(`${kind}:${key}`);
    reads.push([kind, key, value]);
  };
  const recorded = <T>(kind: Read[0], key: string, work: () => Promise<T>): Promise<T> =>
    work().then(
      (value) => (note(kind, key, answerDigest(value)), value),
      (e: unknown) => {
        note(kind, key, failureDigest(e));
        throw e;
      },
    );
  return {
    reads,
    fs: {
      readFile: (path) => recorded("file", path, () => fs.readFile(path)),
      listFiles: (dir) => recorded("list", dir, () => fs.listFiles(dir)),
      kind: (path) => recorded("kind", path, () => fs.kind(path)),
    },
    env: new Proxy(env, {
      get(target, name) {
        const value = Reflect.get(target, name) as unknown;
        if (typeof name === "string") note("env", name, envDigest(value));
        return value;
      },
    }),
  };
}

async function replay(reads: readonly Read[], fs: ProjectFs, env: NodeJS.ProcessEnv): Promise<Read[]> {
  const answers = await Promise.all(
    reads.map(([kind, key]) => {
      switch (kind) {
        case "file":
          return answer(() => fs.readFile(key));
        case "list":
          return answer(() => fs.listFiles(key));
        case "kind":
          return answer(() => fs.kind(key));
        case "env":
          return Promise.resolve(envDigest(env[key]));
      }
    }),
  );
  return reads.filter((r, i) => answers[i] !== r[2]);
}

/** The saved project with the new texts of changed model files, or undefined when a change is anything else. */
async function patchModels(
  project: Project,
  changed: readonly Read[],
  fs: ProjectFs,
): Promise<{ project: Project; texts: Map<string, string>; ids: Set<string> } | undefined> {
  // changed files by path relative to the root, as nodes name them (no path joins over every node)
  const prefix = `${project.root}/`;
  const relative = new Map<string, string>();
  for (const [kind, path] of changed) {
    if (kind !== "file" || !path.startsWith(prefix)) return undefined;
    relative.set(path.slice(prefix.length), path);
  }
  const macroPaths = new Set(project.macros.map((m) => m.path));
  if (
    [...relative.values()].some((p) => macroPaths.has(p)) ||
    project.tests.some((t) => relative.has(t.originalFilePath))
  )
    return undefined;
  const texts = new Map<string, string>();
  const ids = new Set<string>();
  const patch = <T extends { uniqueId: string; resourceType: string; originalFilePath: string }>(n: T): T => {
    const text = n.resourceType === "model" ? texts.get(n.originalFilePath) : undefined;
    if (text === undefined) return n;
    ids.add(n.uniqueId);
    return { ...n, rawCode: text };
  };
  const models = allNodes(project).filter((n) => n.resourceType === "model" && relative.has(n.originalFilePath));
  if (models.length !== relative.size) return undefined; // a changed file that is not a model's
  for (const n of models) texts.set(n.originalFilePath, await fs.readFile(relative.get(n.originalFilePath)!));
  return {
    project: { ...project, models: project.models.map(patch), disabled: project.disabled?.map(patch) },
    texts,
    ids,
  };
}

/**
 * loadProject with partial parsing under <target-path>/partial_parse/. `partialParse: false` loads afresh
 * and saves nothing (tform's --no-partial-parse, as dbt's).
 */
export async function loadProjectCached(
  options: LoadProjectOptions & { readonly partialParse?: boolean },
): Promise<CachedLoad> {
  const baseFs = options.fs ?? nodeProjectFs;
  const baseEnv = options.env ?? process.env;
  if (options.partialParse === false) return { project: await loadProject(options), from: "full", digests: new Map() };
  const rec = recorder(baseFs, baseEnv);
  const loadOptions = { ...options, fs: rec.fs, env: rec.env };
  // the state lives under target-path, which dbt_project.yml names (a cheap read, recorded like the rest)
  const pf = await readProjectFile({
    root: join(options.projectDir),
    fs: rec.fs,
    cliVars: options.vars ?? {},
    env: rec.env,
    target: options.target,
    warnings: [],
  }).catch(() => undefined);
  const file = join(stateDir(options.projectDir, pf?.config.targetPath ?? "target"), "load.bin");
  const header = `${FORMAT} ${codeId()} ${digestOf([options.vars ?? {}, options.target ?? null])}`;
  const saved = pf ? await readState<LoadState>(file, header) : undefined;
  if (saved) {
    const changed = await replay(saved.reads, baseFs, baseEnv);
    if (changed.length === 0) return { project: saved.project, from: "hit", digests: saved.digests };
    const patched = await patchModels(saved.project, changed, baseFs).catch(() => undefined);
    if (patched) {
      const digests = nodeDigests(patched.project, saved.digests, patched.ids);
      // a few edited models are patched again next run, which costs less than re-serializing the whole project
      if (patched.ids.size > REWRITE_AFTER) {
        const prefix = `${saved.project.root}/`;
        const textOf = (path: string): string | undefined =>
          path.startsWith(prefix) ? patched.texts.get(path.slice(prefix.length)) : undefined;
        const reads = saved.reads.map((r): Read =>
          r[0] === "file" && textOf(r[1]) !== undefined ? [r[0], r[1], digest(textOf(r[1])!)] : r,
        );
        await writeState(file, header, { reads, project: patched.project, digests } satisfies LoadState);
      }
      return { project: patched.project, from: "patched", digests };
    }
  }
  const project = shareEqualValues(await loadProject(loadOptions));
  const digests = nodeDigests(project);
  await writeState(file, header, { reads: rec.reads, project, digests } satisfies LoadState);
  return { project, from: "full", digests };
}

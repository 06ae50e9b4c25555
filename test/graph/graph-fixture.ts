/** Hand-built parsed projects for graph tests, independent of the loader and renderer. */
import type { ModelNode, NodeConfig, Project, SeedNode, SourceTable, TestNode } from "../../src/project/types.js";
import type { ParsedProject } from "../../src/render/parse-project.js";
import type { ParsedNode } from "../../src/render/types.js";

export interface FixtureModel {
  readonly name: string;
  readonly refs?: readonly string[];
  readonly folder?: string;
  readonly tags?: readonly string[];
  readonly materialized?: string;
  readonly enabled?: boolean;
}

export interface FixtureTest {
  readonly name: string;
  readonly on: readonly string[];
  readonly testName?: string;
}

const PKG = "shop";

function config(extra: Partial<NodeConfig> = {}): NodeConfig {
  return { enabled: true, materialized: "view", tags: [], pre_hook: [], post_hook: [], ...extra };
}

/** ids: a name is a model or seed; "raw.orders" is a source table */
function idOf(name: string, seeds: ReadonlySet<string>): string {
  if (name.includes(".")) return `source.${PKG}.${name}`;
  return seeds.has(name) ? `seed.${PKG}.${name}` : `model.${PKG}.${name}`;
}

export function parsedFixture(spec: {
  models: readonly FixtureModel[];
  seeds?: readonly string[];
  sources?: readonly string[];
  tests?: readonly FixtureTest[];
}): ParsedProject {
  const seedNames = new Set(spec.seeds ?? []);
  const nodes = new Map<string, ParsedNode>();
  const relation = { database: "lake", schema: "main", identifier: "x" };
  const sources: SourceTable[] = (spec.sources ?? []).map((s) => {
    const [sourceName, name] = s.split(".") as [string, string];
    return {
      uniqueId: `source.${PKG}.${s}`,
      resourceType: "source",
      sourceName,
      name,
      identifier: name,
      schema: sourceName,
      description: "",
      columns: [],
      originalFilePath: "models/staging/sources.yml",
      location: { file: "models/staging/sources.yml" },
      fqn: [PKG, "staging", sourceName, name],
    };
  });
  const seeds: SeedNode[] = [...seedNames].map((name) => {
    nodes.set(`seed.${PKG}.${name}`, {
      uniqueId: `seed.${PKG}.${name}`,
      dependsOn: [],
      dependsOnMacros: [],
      config: config({ materialized: "seed" }),
      relation,
    });
    return {
      uniqueId: `seed.${PKG}.${name}`,
      name,
      resourceType: "seed",
      packageName: PKG,
      originalFilePath: `seeds/${name}.csv`,
      fqn: [PKG, name],
      description: "",
      config: config({ materialized: "seed" }),
      csvPath: `/p/seeds/${name}.csv`,
      columns: [],
    };
  });
  const models: ModelNode[] = spec.models.map((m) => {
    const folder = m.folder ?? "marts";
    const c = config({ tags: m.tags ?? [], materialized: m.materialized ?? "view", enabled: m.enabled ?? true });
    const id = `model.${PKG}.${m.name}`;
    if (m.enabled !== false)
      nodes.set(id, {
        uniqueId: id,
        dependsOn: (m.refs ?? []).map((r) => idOf(r, seedNames)),
        dependsOnMacros: [],
        config: c,
        relation,
      });
    return {
      uniqueId: id,
      name: m.name,
      resourceType: "model",
      packageName: PKG,
      originalFilePath: `models/${folder}/${m.name}.sql`,
      fqn: [PKG, ...folder.split("/"), m.name],
      description: "",
      config: c,
      rawCode: "select 1",
      columns: [],
    };
  });
  const tests: TestNode[] = (spec.tests ?? []).map((t) => {
    const id = `test.${PKG}.${t.name}`;
    const deps = t.on.map((r) => idOf(r, seedNames));
    nodes.set(id, {
      uniqueId: id,
      dependsOn: deps,
      dependsOnMacros: [],
      config: config({ materialized: "test" }),
      relation,
    });
    return {
      uniqueId: id,
      name: t.name,
      resourceType: "test",
      testKind: "generic",
      testName: t.testName ?? "not_null",
      kwargs: {},
      attachedTo: deps[0]!,
      packageName: PKG,
      originalFilePath: "models/marts/schema.yml",
      fqn: [PKG, "marts", t.name],
      description: "",
      config: config({ materialized: "test" }),
      location: { file: "models/marts/schema.yml" },
    };
  });
  const project: Project = {
    root: "/p",
    config: {
      name: PKG,
      profile: PKG,
      modelPaths: ["models"],
      seedPaths: ["seeds"],
      macroPaths: ["macros"],
      testPaths: ["tests"],
      docsPaths: [],
      targetPath: "target",
      vars: {},
      onRunStart: [],
      onRunEnd: [],
    },
    models,
    seeds,
    sources,
    tests,
    snapshots: [],
    macros: [],
    docs: [],
    warnings: [],
  };
  const target = {
    name: "dev",
    profileName: PKG,
    type: "trino",
    host: "localhost",
    port: 8080,
    httpScheme: "http",
    user: "u",
    catalog: "lake",
    schema: "main",
    threads: 1,
    sessionProperties: {},
  } as const;
  return { project, target, nodes, renderer: undefined as never, resultDigests: new Map(), reused: 0 };
}

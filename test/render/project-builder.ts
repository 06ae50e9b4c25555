/** Hand-built Project and Target values for render tests (no loader, no files). */
import type {
  GenericTestNode,
  ModelNode,
  NodeConfig,
  Project,
  SeedNode,
  SingularTestNode,
  SnapshotNode,
  SourceTable,
  Target,
} from "../../src/project/types.js";

export const PROJECT = "shop";

export const baseConfig = (over: Partial<NodeConfig> = {}): NodeConfig => ({
  enabled: true,
  materialized: "view",
  tags: [],
  pre_hook: [],
  post_hook: [],
  ...over,
});

export function model(name: string, rawCode: string, config: Partial<NodeConfig> = {}, folder = "models"): ModelNode {
  return {
    uniqueId: `model.${PROJECT}.${name}`,
    name,
    resourceType: "model",
    packageName: PROJECT,
    originalFilePath: `${folder}/${name}.sql`,
    fqn: [PROJECT, name],
    description: "",
    config: baseConfig(config),
    rawCode,
    columns: [],
  };
}

export function seed(name: string, config: Partial<NodeConfig> = {}): SeedNode {
  return {
    uniqueId: `seed.${PROJECT}.${name}`,
    name,
    resourceType: "seed",
    packageName: PROJECT,
    originalFilePath: `seeds/${name}.csv`,
    fqn: [PROJECT, name],
    description: "",
    config: baseConfig({ materialized: "seed", ...config }),
    csvPath: `/p/seeds/${name}.csv`,
    columns: [],
  };
}

export function source(sourceName: string, name: string, schema = "raw", database?: string): SourceTable {
  return {
    uniqueId: `source.${PROJECT}.${sourceName}.${name}`,
    resourceType: "source",
    sourceName,
    name,
    identifier: name,
    schema,
    database,
    description: "",
    columns: [],
    originalFilePath: "models/sources.yml",
    location: { file: "models/sources.yml", line: 3 },
    fqn: [PROJECT, sourceName, name],
  };
}

export function genericTest(
  testName: string,
  attachedTo: string,
  kwargs: Record<string, unknown>,
  columnName?: string,
  config: Partial<NodeConfig> = {},
): GenericTestNode {
  const name = `${testName.replace(".", "_")}_${attachedTo.split(".").pop()}_${columnName ?? "x"}`;
  return {
    uniqueId: `test.${PROJECT}.${name}`,
    name,
    resourceType: "test",
    testKind: "generic",
    testName,
    packageName: PROJECT,
    originalFilePath: "models/schema.yml",
    fqn: [PROJECT, name],
    description: "",
    config: baseConfig({ materialized: "test", severity: "error", ...config }),
    kwargs,
    columnName,
    attachedTo,
    location: { file: "models/schema.yml", line: 7 },
  };
}

export function singularTest(name: string, rawCode: string): SingularTestNode {
  return {
    uniqueId: `test.${PROJECT}.${name}`,
    name,
    resourceType: "test",
    testKind: "singular",
    packageName: PROJECT,
    originalFilePath: `tests/${name}.sql`,
    fqn: [PROJECT, name],
    description: "",
    config: baseConfig({ materialized: "test" }),
    rawCode,
  };
}

export interface ProjectSpec {
  models?: ModelNode[];
  seeds?: SeedNode[];
  sources?: SourceTable[];
  tests?: (GenericTestNode | SingularTestNode)[];
  snapshots?: SnapshotNode[];
  /** relative path → source; package defaults to the project */
  macros?: Record<string, string | { source: string; packageName: string }>;
  vars?: Record<string, unknown>;
  docs?: { name: string; content: string }[];
}

export function project(spec: ProjectSpec): Project {
  return {
    root: "/p",
    config: {
      name: PROJECT,
      profile: PROJECT,
      modelPaths: ["models"],
      seedPaths: ["seeds"],
      macroPaths: ["macros"],
      testPaths: ["tests"],
      docsPaths: [],
      targetPath: "target",
      vars: spec.vars ?? {},
      onRunStart: [],
      onRunEnd: [],
    },
    models: spec.models ?? [],
    seeds: spec.seeds ?? [],
    sources: spec.sources ?? [],
    tests: spec.tests ?? [],
    snapshots: spec.snapshots ?? [],
    macros: Object.entries(spec.macros ?? {}).map(([relativePath, m]) => ({
      path: `/p/${relativePath}`,
      relativePath,
      source: typeof m === "string" ? m : m.source,
      packageName: typeof m === "string" ? PROJECT : m.packageName,
    })),
    docs: (spec.docs ?? []).map((d) => ({ ...d, originalFilePath: "models/docs.md" })),
    warnings: [],
  };
}

export const target: Target = {
  name: "dev",
  profileName: PROJECT,
  type: "trino",
  host: "localhost",
  port: 8080,
  httpScheme: "http",
  user: "tform",
  catalog: "lake",
  schema: "analytics",
  threads: 4,
  sessionProperties: {},
};

export const runContext = {
  catalog: "lake_dev",
  invocationId: "inv-1",
  runStartedAt: new Date("2024-05-06T07:08:09Z"),
};

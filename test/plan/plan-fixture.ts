/** A parsed project, graph and lakehouse target for plan/execute tests (no loader, no servers). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGraph } from "../../src/graph/project-graph.js";
import { selectNodes } from "../../src/graph/select.js";
import type { Project, ResourceType, Target } from "../../src/project/types.js";
import { parseProject } from "../../src/render/parse-project.js";
import type { PreparedProject } from "../../src/compile/prepare-project.js";
import { project, target as plainTarget, type ProjectSpec } from "../render/project-builder.js";

export { model, seed, source, genericTest, singularTest } from "../render/project-builder.js";

/** The sandbox's shape: lakehouse `lake` on main, native Nessie branch catalogs. */
export const branchTarget: Target = {
  ...plainTarget,
  nessie: { uri: "http://127.0.0.1:19120/api/v2", defaultBranch: "main" },
  branchCatalog: {
    connector: "iceberg",
    mode: "native",
    properties: { "iceberg.catalog.type": "nessie", "iceberg.nessie-catalog.ref": "{branch}" },
  },
};

export { plainTarget };

export type PreparedFixture = Pick<PreparedProject, "project" | "target" | "parsed" | "graph">;

export async function prepare(spec: ProjectSpec, target: Target = branchTarget): Promise<PreparedFixture> {
  const base = project(spec);
  // a real folder so compiled SQL and run_results.json can be written
  const root = mkdtempSync(join(tmpdir(), "tform-plan-"));
  const p: Project = { ...base, root };
  const parsed = await parseProject(p, target, { cache: false });
  return { project: p, target, parsed, graph: buildGraph(parsed) };
}

export function selectAll(
  prepared: PreparedFixture,
  resourceTypes: ResourceType[] = ["seed", "model", "test"],
): string[] {
  return selectNodes(prepared.graph, { resourceTypes });
}

export { join };

/** tform's library API: load → render → graph → compile → plan → execute → publish. The CLI is a thin layer over this. */
export * from "./errors.js";
export type * from "./project/types.js";
export type * from "./render/types.js";
export type * from "./engine/engine.js";
export type * from "./catalog/catalog.js";

// load
export { loadProject } from "./project/load-project.js";
export { loadTarget } from "./project/load-target.js";
// render
export { parseProject, type ParsedProject } from "./render/parse-project.js";
export { compileNode, type RunContext } from "./render/compile-node.js";
// graph and selection
export { buildGraph, type GraphNode, type ProjectGraph } from "./graph/project-graph.js";
export {
  selectNodes,
  evaluateSelection,
  ancestors,
  descendants,
  type IndirectSelection,
  type SelectOptions,
} from "./graph/select.js";
export { parseSelection, type SelectionSpec, type SelectionCriteria } from "./graph/selector-spec.js";
export { ReadyQueue, type ReadyQueueOptions, type NodeState } from "./graph/ready-queue.js";
// compile and artifacts
export { prepareProject, type PreparedProject, type ProjectOptions } from "./compile/prepare-project.js";
export { parseProjectDir, type ParseResult } from "./compile/parse-project-dir.js";
export { compileProject, type CompileOptions, type CompileResult } from "./compile/compile-project.js";
export {
  buildManifest,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestNode,
  type ManifestSource,
} from "./artifacts/manifest.js";
export { tformVersion } from "./artifacts/tform-version.js";
// plan and execute
export { buildPlan, type BuildPlanInput } from "./plan/build-plan.js";
export { explainPlan } from "./plan/explain-plan.js";
export type * from "./plan/plan.js";
export { applyPlan, type ApplyOptions } from "./execute/apply-plan.js";
export {
  runProject,
  seedProject,
  buildProject,
  type RunProjectOptions,
  type RunProjectResult,
} from "./execute/run-project.js";
export { runTests, type RunTestsOptions, type TestRunSummary } from "./testing/run-tests.js";
// publish, rollback, history
export { publish, type PublishOptions, type PublishResult } from "./publish/publish.js";
export { rollback, type RollbackOptions, type RollbackResult } from "./publish/rollback.js";
export { diffBranch, type DiffBranchOptions, type ModelDiff } from "./publish/diff-branch.js";
export { modelHistory, showModel, parseAt } from "./publish/time-travel.js";
// engine, catalog, sandbox
export { TrinoEngine, type TrinoEngineOptions } from "./engine/trino/trino-engine.js";
export { NessieCatalog } from "./catalog/nessie/nessie-catalog.js";
export { sandboxUp, type SandboxUpOptions, type SandboxUpResult } from "./sandbox/sandbox-up.js";
export { sandboxDown } from "./sandbox/sandbox-down.js";
export { sandboxStatus, type SandboxStatus } from "./sandbox/sandbox-status.js";

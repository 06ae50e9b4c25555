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
export { selectNodes, evaluateSelection, ancestors, descendants, type IndirectSelection, type SelectOptions } from "./graph/select.js";
export { parseSelection, type SelectionSpec, type SelectionCriteria } from "./graph/selector-spec.js";
export { ReadyQueue, type ReadyQueueOptions, type NodeState } from "./graph/ready-queue.js";
// compile and artifacts
export { prepareProject, type PreparedProject, type ProjectOptions } from "./compile/prepare-project.js";
export { parseProjectDir, type ParseResult } from "./compile/parse-project-dir.js";
export { compileProject, type CompileOptions, type CompileResult } from "./compile/compile-project.js";
export { buildManifest, MANIFEST_VERSION, type Manifest, type ManifestNode, type ManifestSource } from "./artifacts/manifest.js";
export { tformVersion } from "./artifacts/tform-version.js";

/**
 * `{{ config(enabled=false) }}` in a model's SQL is known only once the model is rendered at parse time. dbt then
 * drops the node as if disabled in YAML: its tests are disabled with it, and a model or snapshot that refs it is an
 * error ("depends on a node named 'd' which is disabled"). Without this, tform compiled and ran a disabled model.
 */
import type { Project } from "../project/types.js";
import { RenderError } from "../errors.js";
import { locate, RenderCode } from "./render-error.js";
import type { ParsedNode } from "./types.js";

/** Removes what the SQL disabled from `nodes` (in place) and returns the project with those nodes disabled. */
export function dropDisabledInSql(project: Project, nodes: Map<string, ParsedNode>): Project {
  const disabled = new Set([...nodes.values()].filter((p) => p.config.enabled === false).map((p) => p.uniqueId));
  if (disabled.size === 0) return project;
  const byId = new Map(
    [...project.models, ...project.snapshots, ...project.seeds, ...project.tests].map((n) => [n.uniqueId, n]),
  );
  for (const [id, parsed] of nodes) {
    if (disabled.has(id)) continue;
    const parent = parsed.dependsOn.find((d) => disabled.has(d));
    if (parent === undefined) continue;
    const node = byId.get(id)!;
    if (node.resourceType === "test") {
      disabled.add(id);
      continue;
    }
    const name = byId.get(parent)!.name;
    const source = "rawCode" in node ? node.rawCode : "";
    const line = source.split("\n").findIndex((l) => new RegExp(`ref\\(\\s*['"]${name}['"]`).test(l));
    throw new RenderError(
      RenderCode.unknownRef,
      `ref('${name}') in ${node.originalFilePath} points to a model disabled by config(enabled=false) in ${byId.get(parent)!.originalFilePath}.`,
      {
        location: locate(node.originalFilePath, source, line >= 0 ? line + 1 : undefined),
        node: id,
        hint: `Enable ${name}, disable ${node.name} too, or remove the ref.`,
      },
    );
  }
  for (const id of disabled) nodes.delete(id);
  const keep = <T extends { uniqueId: string }>(list: readonly T[]) => list.filter((n) => !disabled.has(n.uniqueId));
  return {
    ...project,
    models: keep(project.models),
    snapshots: keep(project.snapshots),
    seeds: keep(project.seeds),
    tests: keep(project.tests),
    disabled: [...(project.disabled ?? []), ...[...disabled].map((id) => byId.get(id)!)],
  };
}

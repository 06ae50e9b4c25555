/**
 * Snapshot nodes, as dbt 1.11 reads them: `{% snapshot name %}…{% endsnapshot %}` blocks in snapshot-paths files
 * (the block's body is the node's SQL) and dbt 1.9's YAML snapshots (`snapshots:` entries with a `relation:`).
 * Config: defaults < dbt_project.yml `snapshots:` tree < properties YAML `config:` (config() in the SQL later).
 */
import { ProjectError } from "../errors.js";
import type { ConfigTree } from "./config-tree.js";
import { ProjectCode, ProjectWarning } from "./project-code.js";
import type { TextFile } from "./project-files.js";
import { effectiveConfig, patchLayer } from "./project-nodes.js";
import { columnsOf, type NodePatch } from "./properties-file.js";
import type { SnapshotNode, Warning } from "./types.js";

export interface SnapshotContext {
  readonly projectName: string;
  readonly tree: ConfigTree;
  readonly warnings: Warning[];
}

const BLOCK = /\{%-?\s*snapshot\s+([A-Za-z_]\w*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

function snapshotNode(
  name: string,
  rawCode: string,
  file: string,
  folders: readonly string[],
  patch: NodePatch | undefined,
  ctx: SnapshotContext,
): SnapshotNode {
  const fqn = [ctx.projectName, ...folders, name];
  return {
    uniqueId: `snapshot.${ctx.projectName}.${name}`,
    name,
    resourceType: "snapshot",
    packageName: ctx.projectName,
    originalFilePath: file,
    fqn,
    description: typeof patch?.entry.description === "string" ? patch.entry.description : "",
    config: effectiveConfig("snapshot", [...ctx.tree.layersFor(fqn), ...patchLayer(patch)]),
    rawCode,
    columns: patch ? columnsOf(patch.entry) : [],
    ...(patch ? { patchLocation: patch.yaml.locate(patch.path) } : {}),
  };
}

/** Every snapshot of the project: the blocks of the SQL files, then the YAML snapshots; patches are consumed. */
export function snapshotNodes(
  files: readonly TextFile[],
  patches: Map<string, NodePatch>,
  ctx: SnapshotContext,
): SnapshotNode[] {
  const out: SnapshotNode[] = [];
  for (const f of files) {
    const blocks = [...f.text.matchAll(BLOCK)];
    if (blocks.length === 0)
      ctx.warnings.push({
        code: ProjectWarning.unknownNode,
        message: `${f.path} holds no {% snapshot name %}…{% endsnapshot %} block: it is ignored.`,
        location: { file: f.path },
      });
    for (const [, name, body] of blocks) {
      out.push(snapshotNode(name!, body!, f.path, f.folders, patches.get(name!), ctx));
      patches.delete(name!);
    }
  }
  for (const [name, patch] of patches) {
    const relation = patch.entry.relation;
    if (relation === undefined) continue; // properties for a snapshot that does not exist: reported by the loader
    if (typeof relation !== "string" || !/^\s*(ref|source)\s*\(/.test(relation)) {
      const loc = patch.yaml.locate([...patch.path, "relation"]);
      throw new ProjectError(
        ProjectCode.invalidProperties,
        `The snapshot '${name}' in ${patch.yaml.file}:${loc.line ?? "?"} needs relation: ref('model') or source('name', 'table'), got ${JSON.stringify(relation)}.`,
        {
          location: loc,
          hint: "A YAML snapshot selects everything from its relation: relation: ref('orders').",
        },
      );
    }
    const folders = patch.yaml.file.split("/").slice(1, -1);
    out.push(snapshotNode(name, `select * from {{ ${relation.trim()} }}`, patch.yaml.file, folders, patch, ctx));
    patches.delete(name);
  }
  return out;
}

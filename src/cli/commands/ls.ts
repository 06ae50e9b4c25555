/** tform ls: the selected nodes, as dbt ls prints them (selector, name, path or JSON lines). */
import { Option, type Command } from "commander";
import { prepareProject } from "../../compile/prepare-project.js";
import type { GraphNode } from "../../graph/project-graph.js";
import { selectNodes } from "../../graph/select.js";
import { commandAction } from "../command-context.js";
import { addSelectionOptions, projectOptionsFrom, selectionFrom, type SelectionFlags } from "../selection-options.js";

type Output = "selector" | "name" | "path" | "json";

function line(node: GraphNode, output: Output): string {
  switch (output) {
    case "selector":
      return node.resourceType === "source"
        ? `source:${node.packageName}.${node.sourceName}.${node.name}`
        : node.fqn.join(".");
    case "name":
      return node.resourceType === "source" ? `${node.sourceName}.${node.name}` : node.name;
    case "path":
      return node.originalFilePath;
    case "json":
      return JSON.stringify({
        name: node.name,
        resource_type: node.resourceType,
        package_name: node.packageName,
        original_file_path: node.originalFilePath,
        unique_id: node.uniqueId,
        tags: node.tags,
        config: node.config,
        depends_on: { nodes: node.dependsOn },
        ...(node.sourceName !== undefined ? { source_name: node.sourceName } : {}),
      });
  }
}

export function configure(cmd: Command): void {
  addSelectionOptions(cmd, { resourceTypes: true }).addOption(
    new Option("-o, --output <format>", "how to print each node")
      .choices(["selector", "name", "path", "json"])
      .default("selector"),
  );
  commandAction<SelectionFlags & { output: Output }>(cmd, async (opts, ctx) => {
    const { graph } = await prepareProject(projectOptionsFrom(ctx));
    for (const id of selectNodes(graph, selectionFrom(opts, ctx))) ctx.print(line(graph.nodes.get(id)!, opts.output));
    return 0;
  });
}

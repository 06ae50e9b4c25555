/** dbt's "Found 12 models, 3 seeds, …" line and the project's warnings. */
import type { ProjectGraph } from "../graph/project-graph.js";
import type { Project, Warning } from "../project/types.js";
import type { CommandContext } from "./command-context.js";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function printProjectSummary(
  ctx: CommandContext,
  project: Project,
  graph: ProjectGraph,
  warnings: readonly Warning[] = project.warnings,
): void {
  const counts = { model: 0, snapshot: 0, seed: 0, test: 0, unit_test: 0, source: 0 };
  for (const node of graph.nodes.values())
    if (node.resourceType in counts) counts[node.resourceType as keyof typeof counts]++;
  for (const w of warnings) {
    const where = w.location ? ` (${[w.location.file, w.location.line].filter((p) => p !== undefined).join(":")})` : "";
    ctx.warn(`Warning ${w.code}${where}: ${w.message}`);
  }
  // snapshots and unit tests are named only when there are some, so the line stays as it was for projects without
  ctx.print(
    `Found ${plural(counts.model, "model")}, ${counts.snapshot ? `${plural(counts.snapshot, "snapshot")}, ` : ""}${plural(counts.seed, "seed")}, ${plural(counts.test, "test")}, ${counts.unit_test ? `${plural(counts.unit_test, "unit test")}, ` : ""}${plural(counts.source, "source")}, ${plural(project.macros.length, "macro file")}`,
  );
}

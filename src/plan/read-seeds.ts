/**
 * The selected seeds, read and checked before Trino or Nessie is called: a seed that is not UTF-8 or not CSV is a
 * located exit 4 at once, not a failure after the branch exists (or hidden behind an unreachable server).
 */
import type { ParsedProject } from "../render/parse-project.js";
import type { SeedNode } from "../project/types.js";
import { checkSeedCsv, readSeedCsv } from "./materializations/seed.js";

/** csv path → text, for buildPlan's `readCsv` */
export async function readSelectedSeeds(
  parsed: ParsedProject,
  selected: readonly string[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const id of selected) {
    const node = parsed.renderer.node(id);
    const parsedNode = parsed.nodes.get(id);
    if (node?.resourceType !== "seed" || !parsedNode) continue;
    const { csvPath } = node as SeedNode;
    const csvText = await readSeedCsv(csvPath);
    checkSeedCsv({ csvText, file: node.originalFilePath, relation: parsedNode.relation, config: parsedNode.config });
    texts.set(csvPath, csvText);
  }
  return texts;
}

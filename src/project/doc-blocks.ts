/** `{% docs name %}…{% enddocs %}` blocks from .md files. */
import { ProjectError } from "../errors.js";
import { ProjectCode } from "./project-code.js";
import type { DocBlock } from "./types.js";

const DOCS_BLOCK = /\{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;
const DOCS_OPEN = /\{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%\}/g;

export function docBlocks(text: string, originalFilePath: string): DocBlock[] {
  const blocks = [...text.matchAll(DOCS_BLOCK)];
  const closed = new Set(blocks.map((m) => m.index));
  // dbt: "Reached EOF without finding a close tag for docs"; silently dropping the block hides every doc() of it
  const open = [...text.matchAll(DOCS_OPEN)].find((m) => !closed.has(m.index) && !insideBlock(blocks, m.index));
  if (open) {
    const line = text.slice(0, open.index).split("\n").length;
    throw new ProjectError(
      ProjectCode.unclosedDocs,
      `The docs block '${open[1]}' in ${originalFilePath}:${line} is never closed.`,
      {
        location: { file: originalFilePath, line, excerpt: text.split("\n")[line - 1] },
        hint: "End it with {% enddocs %}.",
      },
    );
  }
  return blocks.map((m) => ({ name: m[1]!, content: m[2]!.trim(), originalFilePath }));
}

const insideBlock = (blocks: readonly RegExpExecArray[], at: number): boolean =>
  blocks.some((b) => at > b.index && at < b.index + b[0].length);

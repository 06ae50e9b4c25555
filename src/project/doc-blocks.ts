/** `{% docs name %}…{% enddocs %}` blocks from .md files. */
import type { DocBlock } from "./types.js";

const DOCS_BLOCK = /\{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;

export function docBlocks(text: string, originalFilePath: string): DocBlock[] {
  return [...text.matchAll(DOCS_BLOCK)].map((m) => ({ name: m[1]!, content: m[2]!.trim(), originalFilePath }));
}

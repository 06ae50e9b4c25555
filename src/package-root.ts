/** Where tform itself is installed, for its built-in macros and the code id of its caches. */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest folder above this module holding package.json and macros/ (works from src/ under vitest and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, "package.json")) && existsSync(join(dir, "macros")))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("tform's macros/ folder was not found next to its package.json");
    dir = up;
  }
  return dir;
}

/** tform's built-in macros (the top-level macros/ folder of the package), for projects loaded without them. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { MacroFile } from "../project/types.js";
import { BUILTIN_PACKAGE } from "./macro-registry.js";

/** The package root: the nearest folder above this module holding both package.json and macros/ (works from src/ and dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, "package.json")) && existsSync(join(dir, "macros")))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("tform's macros/ folder was not found next to its package.json");
    dir = up;
  }
  return dir;
}

let cached: MacroFile[] | undefined;

export function builtinMacroFiles(): readonly MacroFile[] {
  if (cached) return cached;
  const root = packageRoot();
  const files: MacroFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".sql")) files.push({ path, relativePath: relative(root, path).replaceAll("\\", "/"), source: readFileSync(path, "utf8"), packageName: BUILTIN_PACKAGE });
    }
  };
  walk(join(root, "macros"));
  cached = files;
  return files;
}

/**
 * Identity of the running tform code (its modules and built-in macros): saved state made by other code is
 * not reused. Sizes and modification times of the package's files, so a rebuild or an upgrade changes it.
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../package-root.js";
import { digest } from "./digest.js";

let cached: string | undefined;

function stamps(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) stamps(path, out);
    else if (/\.(js|ts|sql)$/.test(e.name)) {
      const s = statSync(path);
      out.push(`${path}:${s.size}:${s.mtimeMs}`);
    }
  }
}

export function codeId(): string {
  if (cached) return cached;
  const out: string[] = [process.version];
  // dist/ (or src/ under a TypeScript runner): the folder holding this module's parent
  stamps(dirname(dirname(fileURLToPath(import.meta.url))), out);
  stamps(join(packageRoot(), "macros"), out);
  return (cached = digest(out.join("\n")));
}

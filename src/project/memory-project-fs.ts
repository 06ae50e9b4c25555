/** An in-memory ProjectFs: absolute path → file text. For tests and generated projects. */
import type { ProjectFs } from "./project-fs.js";

export function memoryProjectFs(files: Readonly<Record<string, string>>): ProjectFs {
  const paths = Object.keys(files).map((p) => p.replaceAll("\\", "/"));
  const under = (dir: string): string => (dir.endsWith("/") ? dir : `${dir}/`);
  return {
    async readFile(path) {
      const text = files[path.replaceAll("\\", "/")];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: "ENOENT" });
      return text;
    },
    async listFiles(dir) {
      const prefix = under(dir.replaceAll("\\", "/"));
      return paths
        .filter((p) => p.startsWith(prefix))
        .map((p) => p.slice(prefix.length))
        .sort();
    },
    async kind(path) {
      const p = path.replaceAll("\\", "/");
      if (files[p] !== undefined) return "file";
      return paths.some((f) => f.startsWith(under(p))) ? "dir" : undefined;
    },
  };
}

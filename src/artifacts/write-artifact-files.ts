/** Writes many small files under the project fast: each folder created once, writes overlapped. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export interface ArtifactFile {
  /** relative to the project root */
  readonly path: string;
  readonly content: string;
}

/** Enough overlap to keep the disk busy without running out of file descriptors. */
const CONCURRENT_WRITES = 64;

export async function writeArtifactFiles(root: string, files: readonly ArtifactFile[]): Promise<void> {
  const absolute = files.map((f) => ({ file: path.resolve(root, f.path), content: f.content }));
  const dirs = [...new Set(absolute.map((f) => path.dirname(f.file)))];
  await Promise.all(dirs.map((d) => mkdir(d, { recursive: true })));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < absolute.length) {
      const f = absolute[next++]!;
      await writeFile(f.file, f.content);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_WRITES, absolute.length) }, worker));
}

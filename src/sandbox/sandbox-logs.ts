import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { sandboxPaths, type SandboxLocation } from "./sandbox-paths.js";

export type SandboxServer = "trino" | "nessie";

export interface SandboxLog {
  readonly server: SandboxServer;
  readonly file: string;
  readonly lines: readonly string[];
}

/** The last `count` lines of a file, reading only its end (server logs grow large). */
export function tailFile(file: string, count: number): string[] {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const length = Math.min(size, Math.max(64 * 1024, count * 400));
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString("utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.slice(-count);
}

export async function sandboxLogs(
  options: SandboxLocation & { lines?: number; servers?: readonly SandboxServer[] } = {},
): Promise<readonly SandboxLog[]> {
  const paths = sandboxPaths(options);
  const servers = options.servers ?? ["nessie", "trino"];
  return servers.map((server) => {
    const file = server === "trino" ? paths.trinoLog : paths.nessieLog;
    return { server, file, lines: tailFile(file, options.lines ?? 50) };
  });
}

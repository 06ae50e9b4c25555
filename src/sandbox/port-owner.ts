/**
 * Which process listens on a TCP port (Linux /proc). A server that answers on our port is only ours when our pid
 * holds the listening socket: another S3 store already on the port answers too, while ours failed to bind.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

const LISTEN = "0A";

/** Inodes of the sockets listening on `port`, undefined where /proc cannot tell (not Linux). */
function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>();
  let readable = false;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    readable = true;
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== LISTEN) continue;
      if (Number.parseInt(cols[1]!.split(":")[1]!, 16) === port) inodes.add(cols[9]!);
    }
  }
  return readable ? inodes : undefined;
}

function holdsSocket(pid: number, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m && inodes.has(m[1]!)) return true;
    } catch {
      // the descriptor closed while we looked
    }
  }
  return false;
}

export type PortOwner =
  | { readonly kind: "ours" }
  | { readonly kind: "free" }
  | { readonly kind: "other"; readonly pid?: number; readonly command?: string }
  | { readonly kind: "unknown" };

/** Who listens on `port`: `pid`, nobody, someone else (with its pid and command when visible), or unknown. */
export function portOwner(pid: number, port: number): PortOwner {
  const inodes = listeningInodes(port);
  if (!inodes) return { kind: "unknown" };
  if (inodes.size === 0) return { kind: "free" };
  if (holdsSocket(pid, inodes)) return { kind: "ours" };
  for (const entry of readdirSync("/proc")) {
    const other = Number(entry);
    if (!Number.isInteger(other) || other === pid || !holdsSocket(other, inodes)) continue;
    let command: string | undefined;
    try {
      command = readFileSync(`/proc/${other}/cmdline`, "utf8").split("\0").join(" ").trim().slice(0, 120);
    } catch {
      command = undefined;
    }
    return { kind: "other", pid: other, command };
  }
  // a socket of another user's process, whose descriptors we may not read
  return { kind: "other" };
}

/** "port 9000 is held by pid 123 (minio server /data)" */
export function describeOther(port: number, owner: Extract<PortOwner, { kind: "other" }>): string {
  const who =
    owner.pid === undefined ? "another process" : `pid ${owner.pid}${owner.command ? ` (${owner.command})` : ""}`;
  return `port ${port} is held by ${who}`;
}

/** `probe`, asked only once something listens on `port` that is not someone else's: our server, not a stranger. */
export function probeOwnPort<T>(pid: number, port: number, probe: () => Promise<T | undefined>) {
  return async (): Promise<T | undefined> => {
    const owner = portOwner(pid, port).kind;
    return owner === "ours" || owner === "unknown" ? probe() : undefined;
  };
}

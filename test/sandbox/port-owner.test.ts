import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { findFreePort } from "../../src/sandbox/free-port.js";
import { portOwner } from "../../src/sandbox/port-owner.js";

describe("who listens on a port (/proc)", () => {
  it("tells our own listening socket from another process's, and a free port from both", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const mine = (server.address() as { port: number }).port;
    const free = await findFreePort(0, [mine]);
    const other = await findFreePort(0, [mine, free]);
    const child = spawn(
      process.execPath,
      ["-e", `require("net").createServer().listen(${other}, "127.0.0.1", () => console.log("up"))`],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    try {
      await new Promise((r) => child.stdout!.once("data", r));
      expect(portOwner(process.pid, mine)).toEqual({ kind: "ours" });
      expect(portOwner(process.pid, free)).toEqual({ kind: "free" });
      const stranger = portOwner(process.pid, other);
      expect(stranger).toMatchObject({ kind: "other", pid: child.pid });
      expect(stranger.kind === "other" && stranger.command).toContain("createServer");
    } finally {
      child.kill();
      server.close();
    }
  });
});

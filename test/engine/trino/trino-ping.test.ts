import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { exitCodeFor, ExitCode } from "../../../src/cli/exit-code.js";
import { pingTrino } from "../../../src/engine/trino/trino-ping.js";
import { TrinoEngine } from "../../../src/engine/trino/trino-engine.js";
import type { ExecutionError } from "../../../src/errors.js";

const QUICK = { connectTimeoutMs: 300, responseTimeoutMs: 300 };
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A port that accepts connections and never answers: a hung or SIGSTOPped server. */
async function tarpit(): Promise<string> {
  const sockets: Socket[] = [];
  const server = createTcpServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on (port 9 would not do: fetch refuses it as a "bad port" before connecting). */
async function closedPort(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

async function http(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("pingTrino", () => {
  it("answers quietly when a server serves /v1/info", async () => {
    const url = await http((_req, res) => res.end('{"starting":false}'));
    await expect(pingTrino(url, QUICK)).resolves.toBeUndefined();
  });

  it("fails with TF521 (exit 5) on a server that accepts and never answers, instead of Node's 300 s wait", async () => {
    const err = (await pingTrino(await tarpit(), QUICK).catch((e: unknown) => e)) as ExecutionError;
    expect(err).toMatchObject({ code: "TF521" });
    expect(err.message).toMatch(/did not answer .*\(no answer within 0\.3 s\); nothing was changed/);
    expect(err.hint).toContain("connect_timeout");
    expect(exitCodeFor(err)).toBe(ExitCode.unreachable);
  });

  it("fails with TF520 (exit 5) on a closed port, pointing at the sandbox", async () => {
    const err = (await pingTrino(await closedPort(), QUICK).catch((e: unknown) => e)) as ExecutionError;
    expect(err).toMatchObject({ code: "TF520" });
    expect(err.message).toContain("connection refused");
    expect(err.hint).toContain("tform sandbox up");
    expect(exitCodeFor(err)).toBe(ExitCode.unreachable);
  });

  it("fails with TF520 on a server that answers /v1/info with a 500", async () => {
    const url = await http((_req, res) => {
      res.statusCode = 500;
      res.end("boom");
    });
    await expect(pingTrino(url, QUICK)).rejects.toMatchObject({ code: "TF520", message: /HTTP 500/ });
  });
});

describe("TrinoEngine timeouts and retries", () => {
  it("gives up on a statement that gets no answer within the profile's timeout (TF521)", async () => {
    const engine = new TrinoEngine({ server: await tarpit(), user: "ann", timeouts: QUICK, retries: 0 });
    await expect(engine.execute("SELECT 1")).rejects.toMatchObject({ code: "TF521" });
  });

  it("sends a GET of nextUri again after the connection broke, but never a POST that reached the server", async () => {
    let gets = 0;
    let posts = 0;
    const url = await http((req, res) => {
      const base = `http://${req.headers.host}`;
      if (req.method === "POST") {
        posts++;
        return res.end(JSON.stringify({ id: "q1", nextUri: `${base}/v1/statement/q1/1` }));
      }
      // the first GET dies mid-request, as when a proxy or the coordinator drops the connection
      if (gets++ === 0) return req.socket.destroy();
      res.end(JSON.stringify({ id: "q1", columns: [{ name: "x", type: "integer" }], data: [[1]] }));
    });
    const result = await new TrinoEngine({ server: url, user: "ann", timeouts: QUICK }).execute("SELECT 1");
    expect(result.rows).toEqual([[1]]);
    expect({ gets, posts }).toEqual({ gets: 2, posts: 1 });

    let resetPosts = 0;
    const resetting = await http((req) => {
      resetPosts++;
      req.socket.destroy();
    });
    const err = await new TrinoEngine({ server: resetting, user: "ann", timeouts: QUICK })
      .execute("INSERT INTO t VALUES 1")
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TF520" });
    expect(resetPosts).toBe(1);
  });
});

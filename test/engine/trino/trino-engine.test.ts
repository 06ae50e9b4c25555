import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { TrinoEngine } from "../../../src/engine/trino/trino-engine.js";
import { ExecutionError } from "../../../src/errors.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, base: string) => void;

/** A scripted stand-in for Trino's statement protocol, recording each request. */
async function fakeTrino(handler: Handler): Promise<{
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
  server: Server;
}> {
  const requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const json = (res: ServerResponse, status: number, text: string) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(text);
};

describe("TrinoEngine", () => {
  it("follows nextUri, collects columns and rows from every page, and reports the query id", async () => {
    const t = await fakeTrino((req, res, _body, base) => {
      if (req.method === "POST")
        return json(res, 200, JSON.stringify({ id: "q1", nextUri: `${base}/v1/statement/q1/1` }));
      if (req.url?.endsWith("/1"))
        return json(
          res,
          200,
          JSON.stringify({
            id: "q1",
            nextUri: `${base}/v1/statement/q1/2`,
            columns: [{ name: "x", type: "integer" }],
            data: [[1]],
          }),
        );
      return json(
        res,
        200,
        JSON.stringify({ id: "q1", columns: [{ name: "x", type: "integer" }], data: [[2]], updateType: "SELECT" }),
      );
    });
    const result = await new TrinoEngine({ server: t.url, user: "ann" }).execute("SELECT x");
    expect(result).toMatchObject({
      queryId: "q1",
      columns: [{ name: "x", type: "integer" }],
      rows: [[1], [2]],
      updateType: "SELECT",
    });
    expect(t.requests.map((r) => r.method)).toEqual(["POST", "GET", "GET"]);
    expect(t.requests[0]!.body).toBe("SELECT x");
  });

  it("sends a statement without the terminating ';' that dbt-trino's macros write (Trino refuses it)", async () => {
    const t = await fakeTrino((_req, res) => json(res, 200, JSON.stringify({ id: "q2", updateType: "CREATE VIEW" })));
    await new TrinoEngine({ server: t.url, user: "ann" }).execute(
      "create or replace view v as\n  select 2 as id\n  ;\n",
    );
    expect(t.requests[0]!.body).toBe("create or replace view v as\n  select 2 as id\n  ");
  });

  it("turns an error in a page (not an HTTP error) into ExecutionError with query id, error name and line", async () => {
    const t = await fakeTrino((_req, res) =>
      json(
        res,
        200,
        JSON.stringify({
          id: "q9",
          error: {
            message: "Table 'a.b.c' does not exist",
            errorName: "TABLE_NOT_FOUND",
            errorLocation: { lineNumber: 2, columnNumber: 6 },
          },
        }),
      ),
    );
    const err = await new TrinoEngine({ server: t.url, user: "ann" })
      .execute("SELECT 1\nFROM a.b.c")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutionError);
    expect(err).toMatchObject({ code: "TF501", queryId: "q9" });
    expect((err as Error).message).toContain("TABLE_NOT_FOUND");
    expect((err as ExecutionError).hint).toContain("FROM a.b.c");
  });

  it("sends user, catalog, schema and session properties as headers, with per-statement overrides, and never carries SET SESSION over", async () => {
    const t = await fakeTrino((_req, res) => json(res, 200, JSON.stringify({ id: "q", data: [] })));
    const engine = new TrinoEngine({
      server: t.url,
      user: "ann",
      catalog: "iceberg",
      schema: "s",
      sessionProperties: { query_max_run_time: "1h", "iceberg.x": "a b" },
    });
    await engine.execute("SELECT 1");
    await engine.execute("SELECT 1", { catalog: "iceberg_dev", schema: "gold" });
    const [a, b] = t.requests;
    expect(a!.headers["x-trino-user"]).toBe("ann");
    expect(a!.headers["x-trino-catalog"]).toBe("iceberg");
    expect(a!.headers["x-trino-session"]).toBe("query_max_run_time=1h,iceberg.x=a%20b");
    expect(b!.headers["x-trino-catalog"]).toBe("iceberg_dev");
    expect(b!.headers["x-trino-schema"]).toBe("gold");
    expect(b!.headers["x-trino-session"]).toBe(a!.headers["x-trino-session"]);
  });

  it("authenticates with basic auth or a JWT bearer token", async () => {
    const t = await fakeTrino((_req, res) => json(res, 200, JSON.stringify({ id: "q", data: [] })));
    await new TrinoEngine({ server: t.url, user: "ann", password: "s3cret-pw" }).execute("SELECT 1");
    await new TrinoEngine({ server: t.url, user: "ann", jwtToken: "eyJhbGciOi.jwt.tok" }).execute("SELECT 1");
    expect(t.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("ann:s3cret-pw").toString("base64")}`);
    expect(t.requests[1]!.headers.authorization).toBe("Bearer eyJhbGciOi.jwt.tok");
  });

  it("keeps BIGINT values beyond 2^53 exact (snapshot ids) as decimal strings", async () => {
    const t = await fakeTrino((_req, res) =>
      json(
        res,
        200,
        '{"id":"q","columns":[{"name":"s","type":"bigint"}],"data":[[1557415974820049581],[42],["text 12345678901234567890"]]}',
      ),
    );
    const result = await new TrinoEngine({ server: t.url, user: "ann" }).execute("SELECT snapshot_id");
    expect(result.rows).toEqual([["1557415974820049581"], [42], ["text 12345678901234567890"]]);
  });

  it("reads DOUBLE values with 16+ fraction or exponent digits as numbers", async () => {
    const t = await fakeTrino((_req, res) =>
      json(
        res,
        200,
        '{"id":"q","columns":[{"name":"d","type":"double"}],"data":[[0.12345678901234567],[-2.6564549787519413E8],[1.2345678901234567e+300],[-12345678901234567890]]}',
      ),
    );
    const result = await new TrinoEngine({ server: t.url, user: "ann" }).execute("SELECT d");
    expect(result.rows).toEqual([
      [0.12345678901234567],
      [-2.6564549787519413e8],
      [1.2345678901234567e300],
      ["-12345678901234567890"],
    ]);
  });

  it("retries the same URI on 503 as the protocol asks", async () => {
    let calls = 0;
    const t = await fakeTrino((_req, res) =>
      ++calls < 3 ? json(res, 503, "busy") : json(res, 200, JSON.stringify({ id: "q", data: [[1]] })),
    );
    const result = await new TrinoEngine({ server: t.url, user: "ann" }).execute("SELECT 1");
    expect(result.rows).toEqual([[1]]);
    expect(calls).toBe(3);
  });

  it("cancels a running statement on abort: DELETE on its nextUri, then a TF502 error", async () => {
    const t = await fakeTrino((req, res, _b, base) => {
      if (req.method === "DELETE") return json(res, 204, "");
      if (req.method === "POST")
        return json(res, 200, JSON.stringify({ id: "q5", nextUri: `${base}/v1/statement/q5/1` }));
      // the query "runs" until the client gives up
      setTimeout(() => json(res, 200, JSON.stringify({ id: "q5", nextUri: `${base}/v1/statement/q5/2` })), 5_000);
    });
    const engine = new TrinoEngine({ server: t.url, user: "ann" });
    const running = engine.execute("SELECT slow()").catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await engine.cancelAll();
    const err = await running;
    expect(err).toMatchObject({ code: "TF502", queryId: "q5" });
    expect(t.requests.some((r) => r.method === "DELETE" && r.url === "/v1/statement/q5/1")).toBe(true);
  });

  it("reports an unreachable server with how to start the sandbox", async () => {
    const err = await new TrinoEngine({ server: "http://127.0.0.1:9", user: "ann" })
      .execute("SELECT 1")
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TF520" });
    expect((err as ExecutionError).hint).toContain("tform sandbox up");
  });

  it("maps 401 to a credentials error without echoing the password", async () => {
    const t = await fakeTrino((_req, res) => json(res, 401, "Unauthorized"));
    const err = await new TrinoEngine({ server: t.url, user: "ann", password: "hunter2-secret" })
      .execute("SELECT 1")
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TF504" });
    expect((err as Error).message).not.toContain("hunter2-secret");
  });
});

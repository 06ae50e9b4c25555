import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { NessieCatalog } from "../../../src/catalog/nessie/nessie-catalog.js";

interface Seen {
  method: string;
  url: string;
  auth?: string;
  body: unknown;
}
type Reply = { status: number; body: unknown };

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A scripted Nessie: `reply` answers each request; every request is recorded. */
async function fakeNessie(
  reply: (req: IncomingMessage, body: unknown) => Reply,
): Promise<{ catalog: NessieCatalog; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res: ServerResponse) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, body });
      const r = reply(req, body);
      res.writeHead(r.status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return {
    catalog: new NessieCatalog({
      uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`,
      token: "tok-123456",
    }),
    seen,
  };
}

const error = (status: number, errorCode: string, message: string): Reply => ({
  status,
  body: { status, reason: "x", message, errorCode },
});
const main = { type: "BRANCH" as const, name: "main", hash: "aa11" };

describe("NessieCatalog (wire shapes of Nessie API v2)", () => {
  it("creates a branch with name/type as query parameters and the source reference as body, with the bearer token", async () => {
    const { catalog, seen } = await fakeNessie(() => ({
      status: 200,
      body: { reference: { type: "BRANCH", name: "dev", hash: "aa11" } },
    }));
    expect(await catalog.createBranch("dev", main)).toEqual({ type: "BRANCH", name: "dev", hash: "aa11" });
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/api/v2/trees?name=dev&type=BRANCH",
      auth: "Bearer tok-123456",
      body: main,
    });
  });

  it("merges with the tested hash pinned, the expected target hash in the path, and the is-prefixed flags Nessie binds", async () => {
    const { catalog, seen } = await fakeNessie(() => ({
      status: 200,
      body: {
        wasApplied: true,
        wasSuccessful: true,
        resultantTargetHash: "cc33",
        effectiveTargetHash: "aa11",
        details: [],
      },
    }));
    const result = await catalog.merge({
      fromRef: "dev",
      fromHash: "bb22",
      into: "main",
      expectedIntoHash: "aa11",
      meta: { message: "publish", author: "ann", properties: { k: "v" } },
    });
    expect(result).toEqual({ ok: true, applied: true, resultHash: "cc33", conflicts: [] });
    expect(seen[0]!.url).toBe("/api/v2/trees/main%40aa11/history/merge");
    expect(seen[0]!.body).toMatchObject({
      fromRefName: "dev",
      fromHash: "bb22",
      isDryRun: false,
      isReturnConflictAsResult: true,
      commitMeta: { message: "publish", authors: ["ann"], properties: { k: "v" } },
    });
  });

  it("returns conflicts table by table from a merge result", async () => {
    const { catalog } = await fakeNessie(() => ({
      status: 200,
      body: {
        wasApplied: false,
        wasSuccessful: false,
        resultantTargetHash: null,
        effectiveTargetHash: "dd44",
        details: [
          { key: { elements: ["s", "t"] }, conflict: { conflictType: "VALUE_DIFFERS", key: { elements: ["s", "t"] } } },
          { key: { elements: ["s", "u"] } },
        ],
      },
    }));
    const result = await catalog.merge({
      fromRef: "dev",
      fromHash: "bb22",
      into: "main",
      expectedIntoHash: "aa11",
      meta: { message: "m" },
    });
    expect(result).toEqual({ ok: false, applied: false, resultHash: "dd44", conflicts: [["s", "t"]] });
  });

  it("maps a 409 merge conflict to TF603 and Nessie's error codes to stable CatalogError codes", async () => {
    const replies: Record<string, Reply> = {
      "/api/v2/trees/main%40aa11/history/merge": error(
        409,
        "REFERENCE_CONFLICT",
        "The following keys have been changed in conflict: 's.t'",
      ),
      "/api/v2/trees/gone": error(404, "REFERENCE_NOT_FOUND", "Named reference 'gone' not found"),
      "/api/v2/trees/main%40ffff?type=BRANCH": error(
        404,
        "REFERENCE_NOT_FOUND",
        "Could not find commit 'ffff' in reference 'main'.",
      ),
    };
    const { catalog } = await fakeNessie(
      (req) =>
        replies[req.url ?? ""] ?? error(409, "REFERENCE_ALREADY_EXISTS", "Named reference 'dev' already exists."),
    );
    await expect(
      catalog.merge({
        fromRef: "dev",
        fromHash: "bb22",
        into: "main",
        expectedIntoHash: "aa11",
        meta: { message: "m" },
      }),
    ).rejects.toMatchObject({ code: "TF603" });
    expect(await catalog.getReference("gone")).toBeUndefined();
    await expect(catalog.assignBranch("main", "ffff", main)).rejects.toMatchObject({ code: "TF602" });
    await expect(catalog.createTag("dev", main)).rejects.toMatchObject({ code: "TF606" });
  });

  it("follows paging tokens until hasMore is false", async () => {
    const { catalog, seen } = await fakeNessie((req) =>
      req.url?.includes("page-token=p2")
        ? { status: 200, body: { references: [{ type: "TAG", name: "v1", hash: "bb" }], hasMore: false } }
        : { status: 200, body: { references: [main], hasMore: true, token: "p2" } },
    );
    expect((await catalog.listReferences()).map((r) => r.name)).toEqual(["main", "v1"]);
    expect(seen).toHaveLength(2);
  });

  it("classifies diff entries as added, removed or changed", async () => {
    const { catalog } = await fakeNessie(() => ({
      status: 200,
      body: {
        diffs: [
          { key: { elements: ["s", "a"] }, from: null, to: { type: "ICEBERG_TABLE" } },
          { key: { elements: ["s", "r"] }, from: { type: "ICEBERG_VIEW" }, to: null },
          { key: { elements: ["s", "c"] }, from: { type: "ICEBERG_TABLE" }, to: { type: "ICEBERG_TABLE" } },
        ],
        hasMore: false,
      },
    }));
    expect(await catalog.diff(main, { ...main, name: "dev", hash: "bb" })).toEqual([
      { key: ["s", "a"], kind: "ICEBERG_TABLE", change: "added" },
      { key: ["s", "r"], kind: "ICEBERG_VIEW", change: "removed" },
      { key: ["s", "c"], kind: "ICEBERG_TABLE", change: "changed" },
    ]);
  });

  it("reports an unreachable Nessie as TF604 with how to start the sandbox", async () => {
    const err = await new NessieCatalog({ uri: "http://127.0.0.1:9/api/v2" }).listReferences().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TF604" });
    expect((err as { hint: string }).hint).toContain("tform sandbox up");
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryCatalog } from "../../../src/catalog/memory-catalog.js";
import {
  bindViewsToCatalog,
  icebergUriFromNessieUri,
  mergeWithViewsBound,
} from "../../../src/catalog/nessie/rest-view-binding.js";

interface FakeView {
  uuid: string;
  versions: Record<string, unknown>[];
  current: number;
}

/** A scripted Iceberg REST endpoint with views, recording every commit it receives. */
async function fakeIcebergRest(
  views: Record<string, FakeView>,
): Promise<{ uri: string; commits: { prefix: string; path: string; body: any }[] }> {
  const commits: { prefix: string; path: string; body: any }[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "", "http://x");
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const path = decodeURIComponent(url.pathname);
      const prefix = /^\/iceberg\/v1\/([^/]+)\//.exec(path)?.[1] ?? "";
      if (path === `/iceberg/v1/${prefix}/namespaces`)
        return send(200, { namespaces: url.searchParams.get("parent") ? [] : [["silver"], ["gold"]] });
      const list = /^\/iceberg\/v1\/[^/]+\/namespaces\/([^/]+)\/views$/.exec(path);
      if (list)
        return send(200, {
          identifiers: Object.keys(views)
            .filter((k) => k.startsWith(`${list[1]}.`))
            .map((k) => ({ namespace: [list[1]], name: k.split(".")[1] })),
        });
      const one = /^\/iceberg\/v1\/[^/]+\/namespaces\/([^/]+)\/views\/([^/]+)$/.exec(path);
      const view = one ? views[`${one[1]}.${one[2]}`] : undefined;
      if (view && req.method === "GET")
        return send(200, {
          metadata: { "view-uuid": view.uuid, "current-version-id": view.current, versions: view.versions },
        });
      if (view && req.method === "POST") {
        commits.push({ prefix, path, body: JSON.parse(text) });
        return send(200, {});
      }
      send(404, { error: { message: `no ${path}`, code: 404 } });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return { uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/iceberg`, commits };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const version = (id: number, catalog: string | null) => ({
  "version-id": id,
  "schema-id": 0,
  "default-catalog": catalog,
  "default-namespace": ["silver"],
  representations: [{ type: "sql", sql: "SELECT * FROM t", dialect: "trino" }],
});

describe("bindViewsToCatalog", () => {
  it("adds a version bound to the main catalog to every view still bound to the branch catalog, and skips the rest", async () => {
    const { uri, commits } = await fakeIcebergRest({
      "silver.stg_orders": { uuid: "u1", current: 1, versions: [version(1, "tform_dev")] },
      "gold.kpis": { uuid: "u2", current: 3, versions: [version(2, "old"), version(3, "iceberg")] },
    });

    const rebound = await bindViewsToCatalog({ icebergUri: uri, ref: "dev", catalog: "iceberg" });

    expect(rebound).toEqual([{ key: ["silver", "stg_orders"], from: "tform_dev", to: "iceberg" }]);
    expect(commits).toHaveLength(1);
    const body = commits[0]!.body;
    expect(body.requirements).toEqual([{ type: "assert-view-uuid", uuid: "u1" }]);
    expect(body.updates[0]).toMatchObject({
      action: "add-view-version",
      "view-version": {
        "version-id": 2,
        "default-catalog": "iceberg",
        "default-namespace": ["silver"],
        representations: version(1, null).representations,
      },
    });
    expect(body.updates[1]).toEqual({ action: "set-current-view-version", "view-version-id": -1 });
  });
});

describe("mergeWithViewsBound", () => {
  it("merges from a temporary branch at the tested hash whose views were rebound, leaves the tested branch alone and deletes the temporary one", async () => {
    const { uri, commits } = await fakeIcebergRest({
      "silver.stg_orders": { uuid: "u1", current: 1, versions: [version(1, "tform_dev")] },
    });
    const nessie = new MemoryCatalog();
    const dev = await nessie.createBranch("dev", (await nessie.getReference("main"))!);

    const source = await mergeWithViewsBound(
      nessie,
      { icebergUri: uri, catalog: "iceberg", tested: dev },
      async (s) => s,
    );

    expect(source.fromRef).toBe(`dev__tform_publish_${dev.hash.slice(0, 12)}`);
    expect(source.rebound).toHaveLength(1);
    expect(commits.map((c) => c.prefix)).toEqual([source.fromRef]);
    expect(await nessie.getReference(source.fromRef)).toBeUndefined();
    expect(await nessie.getReference("dev")).toEqual(dev);
  });

  it("merges the tested hash itself when no view needs rebinding", async () => {
    const { uri } = await fakeIcebergRest({
      "gold.kpis": { uuid: "u2", current: 1, versions: [version(1, "iceberg")] },
    });
    const nessie = new MemoryCatalog();
    const dev = await nessie.createBranch("dev", (await nessie.getReference("main"))!);
    const source = await mergeWithViewsBound(
      nessie,
      { icebergUri: uri, catalog: "iceberg", tested: dev },
      async (s) => s,
    );
    expect(source).toEqual({ fromRef: "dev", fromHash: dev.hash, rebound: [] });
  });
});

describe("icebergUriFromNessieUri", () => {
  it("derives the Iceberg REST base from the API v2 base of the same server", () => {
    expect(icebergUriFromNessieUri("http://127.0.0.1:19120/api/v2")).toBe("http://127.0.0.1:19120/iceberg");
    expect(icebergUriFromNessieUri("https://nessie.example/api/v2/")).toBe("https://nessie.example/iceberg");
  });
});

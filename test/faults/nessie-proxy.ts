/**
 * An HTTP proxy in front of the sandbox's Nessie that fails one kind of request the way a crashing server does:
 * the connection closes with no reply, either after Nessie applied the request or before it saw it.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export type NessieFault =
  /** forward the merge, let Nessie apply it, then close the client's connection instead of replying */
  | "merge-lands-reply-lost"
  /** close the connection of a create-tag request before forwarding it */
  | "tag-lost";

export interface NessieProxy {
  /** Nessie API v2 base through the proxy */
  readonly uri: string;
  fault: NessieFault | undefined;
  /** requests that were failed, as `METHOD path` */
  readonly failed: string[];
  close(): Promise<void>;
}

export async function nessieProxy(upstreamUri: string): Promise<NessieProxy> {
  const upstream = new URL(upstreamUri);
  const proxy: NessieProxy = {
    uri: "",
    fault: undefined,
    failed: [],
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const merge = req.method === "POST" && /\/history\/merge$/.test(url.split("?")[0]!);
    const tag = req.method === "POST" && /[?&]type=TAG\b/.test(url);
    if (proxy.fault === "tag-lost" && tag) {
      proxy.failed.push(`${req.method} ${url}`);
      return void req.socket.destroy();
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: req.headers },
      (reply) => {
        if (proxy.fault === "merge-lands-reply-lost" && merge) {
          proxy.failed.push(`${req.method} ${url}`);
          reply.resume();
          return void reply.on("end", () => req.socket.destroy());
        }
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    forwarded.on("error", () => req.socket.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, { uri: `http://127.0.0.1:${port}${upstream.pathname}` });
}

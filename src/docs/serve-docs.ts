/**
 * `tform docs serve`: the files of target/docs/ over HTTP on 127.0.0.1 only (the page shows SQL and table sizes; it
 * is not meant for the network), read from disk on each request so a `docs generate` meanwhile shows on reload.
 */
import { createReadStream, existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { ProjectError } from "../errors.js";
import { readProjectFile } from "../project/project-file.js";
import { nodeProjectFs } from "../project/project-fs.js";
import { DocsCode } from "./docs-code.js";

export const DEFAULT_DOCS_PORT = 8580;
const HOST = "127.0.0.1";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
};

export interface ServeDocsOptions {
  readonly projectDir: string;
  readonly vars?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
  /** default 8580 (dbt's 8080 is the sandbox's Trino); 0 picks a free port */
  readonly port?: number;
}

export interface DocsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The file a request path names inside `dir`, or undefined when it leaves `dir` or names nothing. */
export function fileFor(dir: string, requestPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath.split("?")[0]!);
  } catch {
    return undefined;
  }
  const relative = decoded === "/" ? "index.html" : decoded.replace(/^\/+/, "");
  const file = path.resolve(dir, relative);
  return file.startsWith(`${path.resolve(dir)}${path.sep}`) ? file : undefined;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

export async function serveDocs(options: ServeDocsOptions): Promise<DocsServer> {
  const root = path.resolve(options.projectDir);
  const pf = await readProjectFile({
    root,
    fs: nodeProjectFs,
    cliVars: options.vars ?? {},
    env: options.env ?? process.env,
    warnings: [],
  });
  const siteDir = path.join(root, pf.config.targetPath, "docs");
  if (!existsSync(path.join(siteDir, "index.html")))
    throw new ProjectError(DocsCode.noSite, `There is no docs site in ${siteDir} yet.`, {
      location: { file: path.join(siteDir, "index.html") },
      hint: "Run `tform docs generate` first (it writes target/docs/index.html).",
    });
  const server = createServer((req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? fileFor(siteDir, req.url ?? "/") : undefined;
    void (file ? stat(file).catch(() => undefined) : Promise.resolve(undefined)).then((info) => {
      if (!file || !info?.isFile()) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
        return;
      }
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
        "cache-control": "no-store",
      });
      if (req.method === "HEAD") res.end();
      else createReadStream(file).pipe(res);
    });
  });
  let port: number;
  try {
    port = await listen(server, options.port ?? DEFAULT_DOCS_PORT);
  } catch (e) {
    throw new ProjectError(
      DocsCode.cannotListen,
      `Cannot serve the docs on ${HOST}:${options.port ?? DEFAULT_DOCS_PORT}: ${(e as Error).message}`,
      { hint: "Choose another port with --port N (0 picks a free one).", cause: e },
    );
  }
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

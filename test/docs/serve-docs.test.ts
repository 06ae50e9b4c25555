/** `tform docs serve`: target/docs/ on 127.0.0.1, nothing outside it, clear errors for no site and a busy port. */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileFor, serveDocs, type DocsServer } from "../../src/docs/serve-docs.js";
import { isTformError } from "../../src/errors.js";
import { diskProject } from "../operations/disk-project.js";

let server: DocsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function projectWithSite(): string {
  const root = diskProject({ "models/.keep": "" });
  mkdirSync(join(root, "target", "docs"), { recursive: true });
  writeFileSync(join(root, "target", "docs", "index.html"), "<!doctype html><p>docs</p>");
  writeFileSync(join(root, "target", "secret.txt"), "not for the site");
  return root;
}

describe("serveDocs", () => {
  it("serves index.html at / on 127.0.0.1 and answers 404 outside target/docs", async () => {
    server = await serveDocs({ projectDir: projectWithSite(), port: 0, env: {} });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain("<p>docs</p>");
    expect((await fetch(`${server.url}index.html`)).status).toBe(200);
    expect((await fetch(`${server.url}..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${server.url}nothing.html`)).status).toBe(404);
  });

  it("keeps request paths inside the site folder", () => {
    expect(fileFor("/site", "/")).toBe("/site/index.html");
    expect(fileFor("/site", "/a/b.json?x=1")).toBe("/site/a/b.json");
    expect(fileFor("/site", "/../etc/passwd")).toBeUndefined();
    expect(fileFor("/site", "/%2e%2e/etc/passwd")).toBeUndefined();
    expect(fileFor("/site", "/%E0%A4%A")).toBeUndefined();
  });

  it("says to run docs generate when there is no site (TF731)", async () => {
    const error = await serveDocs({ projectDir: diskProject({ "models/.keep": "" }), port: 0, env: {} }).catch(
      (e: unknown) => e,
    );
    expect(isTformError(error) && error.code).toBe("TF731");
    expect(isTformError(error) && error.hint).toContain("tform docs generate");
  });

  it("says to choose another port when the port is taken (TF732)", async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const error = await serveDocs({ projectDir: projectWithSite(), port, env: {} }).catch((e: unknown) => e);
      expect(isTformError(error) && error.code).toBe("TF732");
      expect(isTformError(error) && error.hint).toContain("--port");
    } finally {
      busy.close();
    }
  });
});

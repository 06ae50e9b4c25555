import { createServer } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SandboxError } from "../../src/errors.js";
import { findJava } from "../../src/sandbox/find-java.js";
import { findFreePort } from "../../src/sandbox/free-port.js";
import { startObjectStore, stopObjectStore } from "../../src/sandbox/object-store.js";
import { fetchArtifacts } from "../../src/sandbox/sandbox-artifacts.js";
import { sandboxPaths } from "../../src/sandbox/sandbox-paths.js";

/**
 * Another S3 store already on the sandbox's port: it answers like ours, so a readiness check by HTTP alone said
 * "ready" while our S3Proxy had failed to bind, and Trino then wrote to the stranger. Only our pid on the port counts.
 */
describe("sandbox object store on a port someone else holds", () => {
  it("refuses with the holder's pid instead of reporting ready, and starts on a free port", async () => {
    const files = await fetchArtifacts(sandboxPaths().downloadDir, process.env, () => undefined);
    const java = await findJava({ minVersion: 17, purpose: "S3Proxy", candidates: [process.env["JAVA_HOME"]] });
    const stranger = createServer((_req, res) => res.writeHead(403).end("<Error/>"));
    await new Promise<void>((r) => stranger.listen(0, "127.0.0.1", r));
    const taken = (stranger.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), "tform-s3-port-"));
    const options = {
      jar: files.s3proxy,
      java: java.java,
      dir,
      logFile: join(dir, "server.log"),
      credentials: { accessKey: "tformtest", secretKey: "tform-test-secret-key" },
      buckets: ["warehouse"],
      timeoutMs: 30_000,
    };
    try {
      const refused = await startObjectStore({ ...options, port: taken }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SandboxError);
      expect((refused as SandboxError).message).toContain(`cannot listen: port ${taken} is held by pid ${process.pid}`);

      const store = await startObjectStore({ ...options, port: await findFreePort(0, [taken]) });
      try {
        expect(store.port).not.toBe(taken);
        expect(await stopObjectStore(store)).toBe(true);
      } finally {
        await stopObjectStore(store);
      }
    } finally {
      stranger.close();
    }
  });
});

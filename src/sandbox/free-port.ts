import { createServer } from "node:net";

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    // all interfaces: Trino binds 0.0.0.0, so a port free only on 127.0.0.1 would still clash
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => {
      const address = server.address();
      const got = typeof address === "object" && address ? address.port : undefined;
      server.close(() => resolve(got));
    });
  });
}

/** `preferred` when it is free and not in `taken`, otherwise a free port the OS picks. */
export async function findFreePort(preferred: number, taken: readonly number[] = []): Promise<number> {
  if (!taken.includes(preferred)) {
    const got = await tryListen(preferred);
    if (got !== undefined) return got;
  }
  for (;;) {
    const got = await tryListen(0);
    if (got !== undefined && !taken.includes(got)) return got;
  }
}

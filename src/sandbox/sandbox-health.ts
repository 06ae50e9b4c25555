/** Readiness probes: each returns the server's version when it answers as ready, undefined otherwise. */

async function getJson(url: string, timeoutMs = 2_000): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) return undefined;
  return res.json();
}

/** Trino is ready when /v1/info says `starting: false` (catalogs and plugins loaded). */
export async function trinoReady(port: number): Promise<string | undefined> {
  try {
    const info = (await getJson(`http://127.0.0.1:${port}/v1/info`)) as
      { starting?: boolean; nodeVersion?: { version?: string } } | undefined;
    return info && info.starting === false ? (info.nodeVersion?.version ?? "unknown") : undefined;
  } catch {
    return undefined;
  }
}

/** Nessie is ready when its API answers; /api/v2/config also proves the version store opened. */
export async function nessieReady(port: number): Promise<string | undefined> {
  try {
    const config = (await getJson(`http://127.0.0.1:${port}/api/v2/config`)) as
      { specVersion?: string; defaultBranch?: string } | undefined;
    return config?.defaultBranch ? (config.specVersion ?? "unknown") : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it yields a value, `alive()` turns false (the process died) or the time is up. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  alive: () => boolean,
  timeoutMs: number,
): Promise<{ value?: T; died: boolean }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return { value, died: false };
    if (!alive()) return { died: true };
    await sleep(250);
  }
  return { died: false };
}

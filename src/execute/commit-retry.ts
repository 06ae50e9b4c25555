/**
 * Iceberg commits are optimistic: two writers committing to one table (or, on Nessie, to one branch) at
 * once make one fail with ICEBERG_COMMIT_ERROR. Nothing was committed then, so the statement is safe to
 * send again after a short, growing pause.
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250 };

/**
 * Nessie refusing a new table or namespace on a key another writer created meanwhile (two runs creating one at
 * once): nothing was committed. For a table the retry replaces what the other run made; for a namespace, it exists.
 */
export const NESSIE_KEY_CREATED_MEANWHILE = /update existing key '[^']*' has no content ID/i;

const COMMIT_CONFLICT = new RegExp(
  `ICEBERG_COMMIT_ERROR|CommitFailedException|Commit failed|ReferenceConflictException|${NESSIE_KEY_CREATED_MEANWHILE.source}`,
  "i",
);

export function isCommitConflict(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const name = (cur as { errorName?: unknown }).errorName;
    if (typeof name === "string" && name === "ICEBERG_COMMIT_ERROR") return true;
    if (cur instanceof Error && COMMIT_CONFLICT.test(cur.message)) return true;
  }
  return false;
}

export async function withCommitRetry<T>(run: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= policy.attempts || !isCommitConflict(e) || signal?.aborted) throw e;
      const delay = policy.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

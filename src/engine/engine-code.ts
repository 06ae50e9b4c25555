/** Stable codes of the ExecutionErrors an engine raises when its server cannot be reached (TF52x): exit code 5. */
export const EngineCode = {
  /** no connection: refused, no route, or not within connect_timeout */
  trinoUnreachable: "TF520",
  /** connected, but no answer within the profile's timeout (a hung or stopped server) */
  trinoTimeout: "TF521",
} as const;

export const UNREACHABLE_ENGINE_CODES: ReadonlySet<string> = new Set(Object.values(EngineCode));

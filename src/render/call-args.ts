/** nunjucks passes keyword arguments as a trailing object flagged `__keywords`; split them from positionals. */
export interface CallArgs {
  readonly positional: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
}

export function isKeywordArgs(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.prototype.hasOwnProperty.call(value, "__keywords");
}

export function splitArgs(args: readonly unknown[]): CallArgs {
  const last = args[args.length - 1];
  if (!isKeywordArgs(last)) return { positional: args, kwargs: {} };
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(last)) if (k !== "__keywords") kwargs[k] = v;
  return { positional: args.slice(0, -1), kwargs };
}

/** Positional argument `index`, or the keyword `name`, as Python binds them. */
export function argAt(call: CallArgs, index: number, name: string): unknown {
  return index < call.positional.length ? call.positional[index] : call.kwargs[name];
}

/** The values of a Python signature's parameters from positional and keyword arguments, in the signature's order. */
export function bindArgs(args: readonly unknown[], names: readonly string[]): unknown[] {
  const { positional, kwargs } = splitArgs(args);
  return names.map((name, i) => (i < positional.length ? positional[i] : kwargs[name]));
}

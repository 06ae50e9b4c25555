/**
 * `modules.re`: Python's re module over JavaScript RegExp (patterns translated by python-regex-syntax.ts): search,
 * match, fullmatch, findall, finditer, sub/subn with Python replacement templates (`\1`, `\g<name>`), split with
 * maxsplit, compile, escape, and match objects with group/groups/groupdict/span.
 */
import { RenderError } from "../errors.js";
import { argAt, splitArgs } from "./call-args.js";
import { FLAG, jsFlags, translate } from "./python-regex-syntax.js";
import { RenderCode } from "./render-error.js";

const cache = new Map<string, RegExp>();

function compileRegex(pattern: string, flags: number): RegExp {
  const key = `${flags}\0${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const { source, inline } = translate(pattern);
    try {
      re = new RegExp(source, jsFlags(pattern, flags, inline));
    } catch (e) {
      throw new RenderError(
        RenderCode.renderFailed,
        `modules.re: invalid regular expression '${pattern}': ${(e as Error).message}`,
        { hint: "Fix the pattern.", cause: e },
      );
    }
    cache.set(key, re);
  }
  return re;
}

/** A fresh global copy (own lastIndex) of a compiled pattern. */
const scanner = (re: RegExp, extra = "g"): RegExp => new RegExp(re.source, re.flags + extra);

/** Python's match object. */
export class PyMatch {
  readonly [Symbol.toStringTag] = "Match";

  constructor(
    private readonly m: RegExpExecArray,
    readonly string: string,
  ) {}

  private index(g: unknown): number | string {
    return g === undefined ? 0 : typeof g === "number" ? g : String(g);
  }

  private value(g: number | string): string | null {
    const v = typeof g === "number" ? this.m[g] : this.m.groups?.[g];
    return v ?? null;
  }

  group(...groups: unknown[]): string | null | (string | null)[] {
    if (groups.length <= 1) return this.value(this.index(groups[0]));
    return groups.map((g) => this.value(this.index(g)));
  }

  groups(fallback: unknown = null): unknown[] {
    return this.m.slice(1).map((v) => v ?? fallback);
  }

  groupdict(fallback: unknown = null): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.m.groups ?? {}).map(([k, v]) => [k, v ?? fallback]));
  }

  span(g?: unknown): [number, number] {
    const i = this.index(g);
    const span = typeof i === "number" ? this.m.indices?.[i] : this.m.indices?.groups?.[i];
    return span ? [span[0], span[1]] : [-1, -1];
  }

  start(g?: unknown): number {
    return this.span(g)[0];
  }

  end(g?: unknown): number {
    return this.span(g)[1];
  }
}

/** Every match left to right, as Python's finditer (an empty match never sits where the previous one ended). */
function* matches(re: RegExp, s: string): Generator<RegExpExecArray> {
  const g = scanner(re);
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    yield m;
    if (m[0] === "") g.lastIndex++;
  }
}

/** Python's replacement template: \1, \g<1>, \g<name> and escapes; everything else, `$` included, is literal. */
function expand(template: string, m: RegExpExecArray): string {
  const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\" };
  return template.replace(
    /\\(?:g<([^>]+)>|(\d{1,2})|(.))/gs,
    (whole, name: string | undefined, num: string | undefined, ch: string | undefined) => {
      if (name !== undefined) return (/^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name]) ?? "";
      if (num !== undefined) return m[Number(num)] ?? "";
      return ESCAPES[ch!] ?? whole;
    },
  );
}

type Replacement = string | ((match: PyMatch) => unknown);

function sub(re: RegExp, repl: Replacement, s: string, count: number): [string, number] {
  let out = "";
  let last = 0;
  let n = 0;
  for (const m of matches(re, s)) {
    if (count > 0 && n >= count) break;
    out +=
      s.slice(last, m.index) + (typeof repl === "function" ? String(repl(new PyMatch(m, s))) : expand(String(repl), m));
    last = m.index + m[0].length;
    n++;
  }
  return [out + s.slice(last), n];
}

function split(re: RegExp, s: string, maxsplit: number): (string | null)[] {
  const out: (string | null)[] = [];
  let last = 0;
  let n = 0;
  for (const m of matches(re, s)) {
    if (maxsplit > 0 && n++ >= maxsplit) break;
    out.push(s.slice(last, m.index), ...m.slice(1).map((g) => g ?? null));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

function findall(re: RegExp, s: string): unknown[] {
  return [...matches(re, s)].map((m) =>
    m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? "") : m.slice(1).map((g) => g ?? ""),
  );
}

/** A compiled pattern (`re.compile`) and the module-level functions, which take the pattern first. */
class PyPattern {
  readonly [Symbol.toStringTag] = "Pattern";
  private readonly re: RegExp;

  constructor(
    readonly pattern: string,
    readonly flags: number,
  ) {
    this.re = compileRegex(pattern, flags);
  }

  search(s: string): PyMatch | null {
    const m = scanner(this.re, "").exec(String(s));
    return m && new PyMatch(m, String(s));
  }
  match(s: string): PyMatch | null {
    const m = scanner(this.re, "y").exec(String(s));
    return m && new PyMatch(m, String(s));
  }
  fullmatch(s: string): PyMatch | null {
    const m = new RegExp(`(?:${this.re.source})(?![\\s\\S])`, `${this.re.flags}y`).exec(String(s));
    return m && new PyMatch(m, String(s));
  }
  findall(s: string): unknown[] {
    return findall(this.re, String(s));
  }
  finditer(s: string): PyMatch[] {
    return [...matches(this.re, String(s))].map((m) => new PyMatch(m, String(s)));
  }
  sub(repl: Replacement, s: string, count = 0): string {
    return sub(this.re, repl, String(s), Number(count))[0];
  }
  subn(repl: Replacement, s: string, count = 0): [string, number] {
    return sub(this.re, repl, String(s), Number(count));
  }
  split(s: string, maxsplit = 0): (string | null)[] {
    return split(this.re, String(s), Number(maxsplit));
  }
}

/** Reads Python-style (pattern, …, flags=) arguments: `names` are the positional parameters after the pattern. */
function withPattern<T>(names: readonly string[], fn: (p: PyPattern, args: unknown[]) => T): (...raw: unknown[]) => T {
  return (...raw: unknown[]) => {
    const call = splitArgs(raw);
    const args = names.map((n, i) => argAt(call, i + 1, n));
    const flags = Number(argAt(call, names.length + 1, "flags") ?? 0);
    return fn(new PyPattern(String(argAt(call, 0, "pattern")), flags), args);
  };
}

export const pythonRe = {
  I: FLAG.IGNORECASE,
  IGNORECASE: FLAG.IGNORECASE,
  M: FLAG.MULTILINE,
  MULTILINE: FLAG.MULTILINE,
  S: FLAG.DOTALL,
  DOTALL: FLAG.DOTALL,
  X: FLAG.VERBOSE,
  VERBOSE: FLAG.VERBOSE,
  compile: (pattern: string, flags = 0) => new PyPattern(String(pattern), Number(flags)),
  search: withPattern(["string"], (p, [s]) => p.search(s as string)),
  match: withPattern(["string"], (p, [s]) => p.match(s as string)),
  fullmatch: withPattern(["string"], (p, [s]) => p.fullmatch(s as string)),
  findall: withPattern(["string"], (p, [s]) => p.findall(s as string)),
  finditer: withPattern(["string"], (p, [s]) => p.finditer(s as string)),
  sub: withPattern(["repl", "string", "count"], (p, [r, s, c]) => p.sub(r as Replacement, s as string, Number(c ?? 0))),
  subn: withPattern(["repl", "string", "count"], (p, [r, s, c]) =>
    p.subn(r as Replacement, s as string, Number(c ?? 0)),
  ),
  split: withPattern(["string", "maxsplit"], (p, [s, n]) => p.split(s as string, Number(n ?? 0))),
  // the characters Python 3.7+ escapes
  escape: (s: string) => String(s).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => `\\${c}`),
};

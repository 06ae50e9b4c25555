/**
 * Python regular-expression syntax as JavaScript RegExp source: `(?P<name>…)`, `(?P=name)`, `\A`, `\Z` and leading
 * `(?i)`-style flags are translated; constructs with no JavaScript equivalent (verbose mode, possessive
 * quantifiers, atomic groups, conditionals, scoped or mid-pattern flags) are refused with an error naming them.
 */
import { RenderError } from "../errors.js";
import { RenderCode } from "./render-error.js";

export const FLAG = { IGNORECASE: 2, MULTILINE: 8, DOTALL: 16, VERBOSE: 64 } as const;

const refuse = (pattern: string, construct: string): never => {
  throw new RenderError(
    RenderCode.unsupported,
    `modules.re: the pattern '${pattern}' uses ${construct}, which JavaScript regular expressions cannot express.`,
    {
      hint: "Rewrite the pattern without it (tform runs Python regular expressions as JavaScript ones).",
    },
  );
};

export function jsFlags(pattern: string, flags: number, inline: string): string {
  if (flags & FLAG.VERBOSE || inline.includes("x")) refuse(pattern, "verbose mode (re.VERBOSE / (?x))");
  let out = "d";
  if (flags & FLAG.IGNORECASE || inline.includes("i")) out += "i";
  if (flags & FLAG.MULTILINE || inline.includes("m")) out += "m";
  if (flags & FLAG.DOTALL || inline.includes("s")) out += "s";
  return out;
}

/** The JavaScript source of a Python pattern, and the inline flags it started with. */
export function translate(pattern: string): { source: string; inline: string } {
  const lead = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  const body = lead ? pattern.slice(lead[0].length) : pattern;
  let out = "";
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    const rest = body.slice(i);
    if (c === "\\") {
      const next = body[i + 1] ?? "";
      if (!inClass && next === "A") out += "(?<![\\s\\S])";
      else if (!inClass && next === "Z") out += "(?![\\s\\S])";
      else out += c + next;
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
      // a ']' right after '[' or '[^' is a literal in both languages
      if (body[i + 1] === "^") out += body[++i];
      if (body[i + 1] === "]") out += body[++i];
    } else if (rest.startsWith("(?P<")) {
      out += "(?<";
      i += 3;
    } else if (rest.startsWith("(?P=")) {
      const end = body.indexOf(")", i);
      out += `\\k<${body.slice(i + 4, end)}>`;
      i = end;
    } else if (rest.startsWith("(?#")) {
      i = body.indexOf(")", i);
    } else if (rest.startsWith("(?>")) refuse(pattern, "an atomic group (?>…)");
    else if (rest.startsWith("(?(")) refuse(pattern, "a conditional group (?(…)…)");
    else if (/^\(\?[aiLmsux-]+[:)]/.test(rest))
      refuse(pattern, "inline flags that are not at the start of the pattern");
    else if (/^[*+?}]\+/.test(rest)) refuse(pattern, "a possessive quantifier");
    else out += c;
  }
  return { source: out, inline: lead?.[1] ?? "" };
}

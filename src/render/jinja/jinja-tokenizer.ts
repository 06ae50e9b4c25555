/**
 * nunjucks' tokenizer with Jinja2's lexing: a `}` that closes a `{` inside a tag is a brace, not the start
 * of `}}` (`{% do d.update({'k': {}}) %}`); string literals read escapes as Python does (`'\d'` keeps its
 * backslash); numbers as Jinja's (`1_000`, `1e3`); line endings as "\n" and no last newline; lexing
 * errors with their position.
 */
import { TemplateError, Tok, TokenizerClass, type Token } from "./nunjucks-internals.js";

/** Python's escapes in string literals (unicode-escape); anything else keeps its backslash. */
const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\n": "",
};
const ESCAPE = /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g;

function unescape(body: string): string {
  return body.replace(ESCAPE, (all, e: string) => {
    const simple = ESCAPES[e];
    if (simple !== undefined) return simple;
    if (e.length > 1 && /^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return all;
  });
}

/** Jinja's numbers: `1_000`, `1.5`, `1e3` (after a `.` only digits: `x.0.1` is two lookups) */
const NUMBER = /\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+(?:_\d+)*)?/y;
const INTEGER = /\d+(?:_\d+)*/y;

/** What Jinja2 renders a template from: every line ending a "\n", one trailing newline dropped (keep_trailing_newline off, as dbt has it). */
export function templateText(source: string): string {
  const text = source.includes("\r") ? source.replace(/\r\n?/g, "\n") : source;
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}

const token = (type: string, value: string, lineno: number, colno: number): Token => ({ type, value, lineno, colno });

export class JinjaTokenizer extends TokenizerClass {
  /** `{` opened and not yet closed in the current tag */
  private braces = 0;

  constructor(source: string, opts: object) {
    super(templateText(source), opts);
  }

  override nextToken(): Token | null {
    if (this.in_code && !this.isFinished()) {
      const cur = this.current();
      if (cur === "'" || cur === '"') return this.stringToken(cur);
      if (cur >= "0" && cur <= "9") return this.numberToken();
      if (cur === "}" && this.braces > 0) {
        const tok = token(Tok.rightCurly, "}", this.lineno, this.colno);
        this.forward();
        this.braces--;
        return tok;
      }
    }
    const { lineno, colno } = this;
    let tok: Token | null;
    try {
      tok = super.nextToken();
    } catch (e) {
      // nunjucks' lexer throws plain Errors without a position
      const message = (e as Error).message;
      if (message.startsWith("unexpected end of comment"))
        throw new TemplateError("'#}' without a '{#' opening a comment", this.lineno + 1, this.colno + 1);
      if (message.startsWith("expected end of comment"))
        throw new TemplateError("the comment {# opened here is never closed: expected #}", lineno + 1, colno + 1);
      throw new TemplateError(message, lineno + 1, colno + 1);
    }
    if (tok?.type === Tok.leftCurly) this.braces++;
    else if (tok?.type === Tok.blockStart || tok?.type === Tok.variableStart) this.braces = 0;
    return tok;
  }

  private numberToken(): Token {
    const { lineno, colno } = this;
    const pattern = this.str[this.index - 1] === "." ? INTEGER : NUMBER;
    pattern.lastIndex = this.index;
    const text = pattern.exec(this.str)![0];
    for (let i = 0; i < text.length; i++) this.forward();
    const value = text.replaceAll("_", "");
    return token(/[.eE]/.test(value) ? Tok.float : Tok.int, value, lineno, colno);
  }

  private stringToken(quote: string): Token {
    const { lineno, colno } = this;
    const start = this.index + 1;
    let end = start;
    while (end < this.str.length && this.str[end] !== quote) end += this.str[end] === "\\" ? 2 : 1;
    if (end >= this.str.length)
      throw new TemplateError(`unterminated string: the ${quote} opened here is never closed`, lineno + 1, colno + 1);
    while (this.index <= end) this.forward();
    const body = this.str.slice(start, end);
    return token(Tok.string, body.includes("\\") ? unescape(body) : body, lineno, colno);
  }
}

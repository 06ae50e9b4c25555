/**
 * Jinja2's statements on top of nunjucks' parser: `{% set %}` with tuple unpacking and namespace attributes
 * (`{% set ns.total = … %}`), `{% for x in xs if cond %}`, `{% break %}` / `{% continue %}`, and syntax
 * errors that say which tag is unclosed, unexpected or unfinished, always with a line.
 */
import { describe, JinjaExpressionParser } from "./jinja-expression-parser.js";
import { LoopControl, LoopItems, SetAttr, Tuple } from "./jinja-nodes.js";
import { JinjaTokenizer } from "./jinja-tokenizer.js";
import { TemplateError, Tok, nodes, type AstNode, type NodeClass, type Token } from "./nunjucks-internals.js";

const n = nodes as Record<string, NodeClass>;
const CLOSING_TAG = /^(end\w+|else|elif|elseif)$/;
/** blocks compiled as functions of their own, which a `{% break %}` cannot leave */
const FUNCTION_BODIES: ReadonlySet<string> = new Set(["endmacro", "endcall", "endset", "endfilter"]);

export class JinjaParser extends JinjaExpressionParser {
  /** `{% for %}` bodies being parsed around the current tag, within the innermost macro */
  private loopDepth = 0;

  override error(msg: string, lineno?: number, colno?: number): Error {
    // an error at the end of the input has no token: use where the tokenizer stopped
    if (lineno === undefined) {
      lineno = this.peeked?.lineno ?? this.tokens.lineno;
      colno = this.peeked?.colno ?? this.tokens.colno;
    }
    // nunjucks prefixes messages with its parser's method name ("parseFor: …")
    return super.error(msg.replace(/^parse\w*: /, ""), lineno, colno);
  }

  override advanceAfterBlockEnd(name?: string): Token {
    if (!name) {
      const tag = this.peekToken();
      if (tag?.type !== Tok.symbol) this.fail(`expected a tag name, found ${describe(tag)}`, tag?.lineno, tag?.colno);
      name = this.nextToken()!.value;
    }
    const tok = this.nextToken();
    if (tok?.type !== Tok.blockEnd)
      this.fail(`expected '%}' to end the {% ${name} %} tag, found ${describe(tok)}`, tok?.lineno, tok?.colno);
    if (tok.value.startsWith("-")) this.dropLeadingWhitespace = true;
    return tok;
  }

  override advanceAfterVariableEnd(): void {
    const tok = this.nextToken();
    if (tok?.type !== Tok.variableEnd)
      this.fail(`expected '}}' to end the {{ … }} expression, found ${describe(tok)}`, tok?.lineno, tok?.colno);
    this.dropLeadingWhitespace = tok.value.charAt(tok.value.length - this.tokens.tags.VARIABLE_END!.length - 1) === "-";
  }

  override parseStatement(): AstNode | null {
    const tok = this.peekToken();
    if (tok?.type === Tok.symbol && !this.breakOnBlocks?.includes(tok.value)) {
      if (tok.value === "set") return this.parseSetTag();
      if (tok.value === "for") return this.parseForTag();
      if (tok.value === "call") return this.parseCallTag();
      if (tok.value === "break" || tok.value === "continue") return this.parseLoopControl();
      if (CLOSING_TAG.test(tok.value) && !this.isExtensionTag(tok.value)) {
        const expected = this.breakOnBlocks?.find((b) => b.startsWith("end"));
        this.fail(
          expected
            ? `unexpected {% ${tok.value} %}: the open {% ${expected.slice(3)} %} block must be closed first with {% ${expected} %}`
            : `unexpected {% ${tok.value} %}: there is no open block for it to close`,
          tok.lineno,
          tok.colno,
        );
      }
    }
    return super.parseStatement();
  }

  override parseUntilBlocks(...names: string[]): AstNode {
    const line = this.tokens.lineno;
    const depth = this.loopDepth;
    // a loop's body is parsed until {% endfor %} or {% else %}; its else part until {% endfor %} only
    if (names[0] === "endfor" && names.includes("else")) this.loopDepth++;
    else if (FUNCTION_BODIES.has(names[0]!)) this.loopDepth = 0;
    let body: AstNode;
    try {
      body = super.parseUntilBlocks(...names);
    } finally {
      this.loopDepth = depth;
    }
    if (!this.peekToken()) {
      const end = names.find((b) => b.startsWith("end")) ?? names[0]!;
      this.fail(
        `the {% ${end.slice(3)} %} block opened on line ${line + 1} is never closed: expected {% ${end} %}`,
        line,
        0,
      );
    }
    return body;
  }

  /** `{% for x in xs if cond %}` filters the items (nunjucks would read `xs if cond` as an inline if) */
  private parseForTag(): AstNode {
    const node = super.parseStatement()!;
    const arr = node.arr;
    node.arr =
      arr.typename === "InlineIf" && arr.else_ === null
        ? new LoopItems(arr.lineno, arr.colno, arr.body, arr.cond)
        : new LoopItems(arr.lineno, arr.colno, arr, null);
    return node;
  }

  /** as nunjucks' parseCall, saying so when the tag does not call a macro (nunjucks fails on a missing property) */
  private parseCallTag(): AstNode {
    const tag = this.nextToken()!;
    const callerArgs = this.parseSignature(true) ?? new n.NodeList!(tag.lineno, tag.colno);
    const call = this.parsePrimary();
    if (call.typename !== "FunCall")
      this.fail("{% call %} needs a macro call with its arguments: {% call name(…) %}", call.lineno, call.colno);
    this.advanceAfterBlockEnd(tag.value);
    const body = this.parseUntilBlocks("endcall");
    this.advanceAfterBlockEnd();
    // the body is passed as the keyword argument caller
    const name = new n.Symbol!(tag.lineno, tag.colno, "caller");
    const args = call.args.children;
    let keywords = args[args.length - 1];
    if (keywords?.typename !== "KeywordArgs") args.push((keywords = new n.KeywordArgs!(tag.lineno, tag.colno)));
    keywords.addChild(
      new n.Pair!(tag.lineno, tag.colno, name, new n.Caller!(tag.lineno, tag.colno, name, callerArgs, body)),
    );
    return new n.Output!(tag.lineno, tag.colno, [call]);
  }

  private parseLoopControl(): AstNode {
    const tok = this.nextToken()!;
    if (this.loopDepth === 0) this.fail(`{% ${tok.value} %} outside a {% for %} loop`, tok.lineno, tok.colno);
    this.advanceAfterBlockEnd(tok.value);
    return new LoopControl(tok.lineno, tok.colno, tok.value);
  }

  private isExtensionTag(name: string): boolean {
    return this.extensions.some((e) => ((e as { tags?: string[] }).tags ?? []).includes(name));
  }

  /** `{% set a = … %}`, `{% set a, b = x, y %}`, `{% set ns.attr = … %}`, `{% set a %}…{% endset %}` */
  private parseSetTag(): AstNode {
    const tag = this.nextToken()!;
    const targets: AstNode[] = [];
    do {
      const target = this.parsePrimary();
      const attr =
        target.typename === "LookupVal" && target.target.typename === "Symbol" && target.val.typename === "Literal";
      if (target.typename !== "Symbol" && !attr)
        this.fail(
          "{% set %} can only assign to a name or to a namespace attribute (ns.name)",
          target.lineno,
          target.colno,
        );
      targets.push(target);
    } while (this.skip(Tok.comma));
    let value: AstNode | null = null;
    let body: AstNode | null = null;
    if (this.skipValue(Tok.operator, "=")) {
      value = this.parseTupleExpression();
      this.advanceAfterBlockEnd("set");
    } else if (this.peekToken()?.type === Tok.blockEnd) {
      this.advanceAfterBlockEnd("set");
      body = new n.Capture!(tag.lineno, tag.colno, this.parseUntilBlocks("endset"));
      this.advanceAfterBlockEnd();
    } else {
      const tok = this.peekToken();
      this.fail(`expected '=' or '%}' in the {% set %} tag, found ${describe(tok)}`, tok?.lineno, tok?.colno);
    }
    const attrTarget = targets.find((t) => t.typename === "LookupVal");
    if (attrTarget) {
      if (targets.length > 1)
        this.fail(
          "{% set %} assigns a namespace attribute on its own, not with other names",
          attrTarget.lineno,
          attrTarget.colno,
        );
      return new SetAttr(tag.lineno, tag.colno, attrTarget.target, attrTarget.val, value, body);
    }
    const node = new n.Set!(tag.lineno, tag.colno, targets);
    node.value = value;
    node.body = body!;
    return node;
  }

  /** An expression, or several separated by commas as a tuple (`1, 2`). */
  private parseTupleExpression(): AstNode {
    const first = this.parseExpression();
    if (this.peekToken()?.type !== Tok.comma) return first;
    const tuple = new Tuple(first.lineno, first.colno, [first]);
    while (this.skip(Tok.comma) && this.peekToken()?.type !== Tok.blockEnd) tuple.addChild(this.parseExpression());
    return tuple;
  }
}

/** Parses a template into nunjucks' AST; any failure is a TemplateError with a line. */
export function parseTemplate(source: string, extensions: unknown[], opts: object): AstNode {
  const parser = new JinjaParser(new JinjaTokenizer(source, opts));
  parser.extensions = extensions;
  try {
    return parser.parseAsRoot();
  } catch (e) {
    if (e instanceof TemplateError && (e as { lineno?: number }).lineno !== undefined) throw e;
    throw new TemplateError(
      `cannot parse this construct (${(e as Error).message})`,
      parser.tokens.lineno + 1,
      parser.tokens.colno + 1,
    );
  }
}

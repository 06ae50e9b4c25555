/**
 * Jinja2's expression grammar on top of nunjucks' parser: trailing commas, `*args` / `**kwargs`, dict keys
 * that are expressions (`{name: v}` reads the variable), tuples, slices, `x.0`, adjacent string literals,
 * and tests (`x is divisibleby 3`) bound as tightly as filters. Errors name the construct in plain words.
 */
import { KwSplat, Slice, Splat, Tuple } from "./jinja-nodes.js";
import { ParserClass, Tok, nodes, type AstNode, type NodeClass, type Token } from "./nunjucks-internals.js";

const CLOSERS: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };
const CLOSING: ReadonlySet<string> = new Set([Tok.rightParen, Tok.rightBracket, Tok.rightCurly]);
/** tokens that can start the argument of a test written without parentheses (`x is sameas none`) */
const TEST_ARG_START: ReadonlySet<string> = new Set([
  Tok.symbol,
  Tok.string,
  Tok.int,
  Tok.float,
  Tok.none,
  Tok.boolean,
  Tok.leftBracket,
  Tok.leftCurly,
]);
const NOT_TEST_ARG: ReadonlySet<string> = new Set(["else", "or", "and"]);

const n = nodes as Record<string, NodeClass>;

/** A token as a template author would write it, for error messages. */
export function describe(tok: Token | null): string {
  if (!tok) return "the end of the template";
  if (tok.type === Tok.blockEnd) return "'%}'";
  if (tok.type === Tok.variableEnd) return "'}}'";
  if (tok.type === Tok.string) return `the string '${tok.value}'`;
  return `'${tok.value}'`;
}

export class JinjaExpressionParser extends ParserClass {
  override parsePrimary(noPostfix?: boolean): AstNode {
    const tok = this.peekToken();
    if (!tok) this.fail("unexpected end of the template: an expression was expected");
    if (tok.type === Tok.string) {
      this.nextToken();
      let value = tok.value;
      // Jinja joins adjacent string literals, as Python does
      while (this.peekToken()?.type === Tok.string) value += this.nextToken()!.value;
      const literal = new n.Literal!(tok.lineno, tok.colno, value);
      return noPostfix ? literal : this.parsePostfix(literal);
    }
    const opensAggregate = tok.type === Tok.leftParen || tok.type === Tok.leftBracket || tok.type === Tok.leftCurly;
    if (
      !opensAggregate &&
      ![Tok.symbol, Tok.int, Tok.float, Tok.boolean, Tok.none, "regex"].includes(tok.type as never)
    ) {
      this.fail(`unexpected ${describe(tok)} where an expression was expected`, tok.lineno, tok.colno);
    }
    return super.parsePrimary(noPostfix);
  }

  override parseAggregate(): AstNode | null {
    const open = this.nextToken()!;
    const close = CLOSERS[open.value];
    if (!close) {
      this.pushToken(open);
      return null;
    }
    const what = open.value === "(" ? "parentheses" : open.value === "[" ? "a list" : "a dict";
    const node = new (open.value === "(" ? Tuple : open.value === "[" ? n.Array! : n.Dict!)(open.lineno, open.colno);
    let trailingComma = false;
    for (;;) {
      const tok = this.peekToken();
      if (!tok) this.fail(`'${open.value}' opened on line ${open.lineno + 1} is never closed`, open.lineno, open.colno);
      if (CLOSING.has(tok.type)) {
        this.nextToken();
        if (tok.value !== close)
          this.fail(
            `expected '${close}' to close the '${open.value}' of line ${open.lineno + 1}, found '${tok.value}'`,
            tok.lineno,
            tok.colno,
          );
        break;
      }
      if (node.children.length > 0) {
        if (!this.skip(Tok.comma))
          this.fail(`expected ',' or '${close}' in ${what}, found ${describe(tok)}`, tok.lineno, tok.colno);
        trailingComma = true;
        if (CLOSING.has(this.peekToken()?.type ?? "")) continue;
      }
      if (node.typename === "Dict") {
        const key = this.parseExpression();
        const colon = this.peekToken();
        if (!this.skip(Tok.colon))
          this.fail(`expected ':' after a dict key, found ${describe(colon)}`, colon?.lineno, colon?.colno);
        node.addChild(new n.Pair!(key.lineno, key.colno, key, this.parseExpression()));
      } else {
        node.addChild(this.parseExpression());
      }
      trailingComma = false;
    }
    // `(x)` is only parentheses; `(x,)`, `(x, y)` and `()` are tuples
    if (node.typename === "Tuple" && node.children.length === 1 && !trailingComma)
      return new n.Group!(open.lineno, open.colno, node.children);
    return node;
  }

  /** `[i]`, or a slice `[start:stop:step]` with any part left out */
  private parseSubscript(): AstNode {
    const open = this.nextToken()!;
    const parts: (AstNode | null)[] = [null];
    for (;;) {
      const tok = this.peekToken();
      if (tok?.type === Tok.rightBracket) break;
      if (this.skip(Tok.colon)) {
        if (parts.length === 3) this.fail("a slice has at most three parts (start:stop:step)", tok!.lineno, tok!.colno);
        parts.push(null);
      } else if (parts[parts.length - 1] === null && tok) {
        parts[parts.length - 1] = this.parseExpression();
      } else {
        this.fail(
          `expected ']' to close the '[' of line ${open.lineno + 1}, found ${describe(tok)}`,
          tok?.lineno,
          tok?.colno,
        );
      }
    }
    this.nextToken();
    if (parts.length === 1) return parts[0] ?? this.fail("empty subscript '[]'", open.lineno, open.colno);
    const none = new n.Literal!(open.lineno, open.colno, null);
    return new Slice(
      open.lineno,
      open.colno,
      parts[0] ?? none,
      parts[1] ?? none,
      parts[2] ?? new n.Literal!(open.lineno, open.colno, 1),
    );
  }

  override parsePostfix(node: AstNode): AstNode {
    for (let tok = this.peekToken(); tok; tok = this.peekToken()) {
      if (tok.type === Tok.leftParen) {
        node = new n.FunCall!(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === Tok.leftBracket) {
        node = new n.LookupVal!(tok.lineno, tok.colno, node, this.parseSubscript());
      } else if (tok.type === Tok.operator && tok.value === ".") {
        this.nextToken();
        const attr = this.nextToken();
        // `x.0` indexes; `x.none` and `x.true` are attribute names
        if (attr?.type === Tok.int)
          node = new n.LookupVal!(
            tok.lineno,
            tok.colno,
            node,
            new n.Literal!(attr.lineno, attr.colno, Number(attr.value)),
          );
        else if (attr && [Tok.symbol, Tok.none, Tok.boolean].includes(attr.type as never))
          node = new n.LookupVal!(tok.lineno, tok.colno, node, new n.Literal!(attr.lineno, attr.colno, attr.value));
        else this.fail(`expected an attribute name after '.', found ${describe(attr)}`, attr?.lineno, attr?.colno);
      } else {
        break;
      }
    }
    return node;
  }

  /** Call arguments and macro signatures: positional, `name=value`, `*xs`, `**kw`, a trailing comma. */
  override parseSignature(tolerant?: boolean, noParens?: boolean): AstNode | null {
    const first = this.peekToken();
    if (!noParens && first?.type !== Tok.leftParen) {
      if (tolerant) return null;
      this.fail(`expected '(' to start the arguments, found ${describe(first)}`, first?.lineno, first?.colno);
    }
    if (!noParens) this.nextToken();
    const start = first!;
    const args = new n.NodeList!(start.lineno, start.colno);
    const kwargs = new n.KeywordArgs!(start.lineno, start.colno);
    for (;;) {
      const tok = this.peekToken();
      if (!tok) this.fail(`the '(' of line ${start.lineno + 1} is never closed`, start.lineno, start.colno);
      if (!noParens && tok.type === Tok.rightParen) {
        this.nextToken();
        break;
      }
      if (noParens && tok.type === Tok.blockEnd) break;
      if (args.children.length + kwargs.children.length > 0) {
        if (!this.skip(Tok.comma))
          this.fail(`expected ',' or ')' after an argument, found ${describe(tok)}`, tok.lineno, tok.colno);
        const next = this.peekToken();
        if (next?.type === Tok.rightParen || (noParens && next?.type === Tok.blockEnd)) continue;
      }
      if (this.skipValue(Tok.operator, "**"))
        kwargs.addChild(new KwSplat(tok.lineno, tok.colno, this.parseExpression()));
      else if (this.skipValue(Tok.operator, "*"))
        args.addChild(new Splat(tok.lineno, tok.colno, this.parseExpression()));
      else {
        const arg = this.parseExpression();
        if (!this.skipValue(Tok.operator, "=")) args.addChild(arg);
        else if (arg.typename !== "Symbol")
          this.fail("the name of a keyword argument must be a plain name (name=value)", arg.lineno, arg.colno);
        else kwargs.addChild(new n.Pair!(arg.lineno, arg.colno, arg, this.parseExpression()));
      }
    }
    if (kwargs.children.length) args.addChild(kwargs);
    return args;
  }

  /** Filters and tests apply to the value before them, left to right (Jinja's parse_filter_expr). */
  override parseFilter(node: AstNode): AstNode {
    for (;;) {
      if (this.skip(Tok.pipe)) {
        const name = this.parseFilterName();
        node = new n.Filter!(
          name.lineno,
          name.colno,
          name,
          new n.NodeList!(name.lineno, name.colno, [node, ...this.parseFilterArgs()]),
        );
      } else if (this.peekToken()?.type === Tok.symbol && this.peekToken()!.value === "is") {
        node = this.parseTest(node);
      } else {
        return node;
      }
    }
  }

  override parseFilterArgs(): AstNode[] {
    return this.peekToken()?.type === Tok.leftParen ? this.parseSignature()!.children : [];
  }

  private parseTest(node: AstNode): AstNode {
    const is = this.nextToken()!;
    const negated = this.skipSymbol("not");
    const nameTok = this.nextToken();
    if (!nameTok || ![Tok.symbol, Tok.none, Tok.boolean].includes(nameTok.type as never))
      this.fail(`expected a test name after 'is', found ${describe(nameTok)}`, nameTok?.lineno, nameTok?.colno);
    const name = new n.Symbol!(nameTok.lineno, nameTok.colno, nameTok.value);
    const next = this.peekToken();
    let test: AstNode = name;
    if (next?.type === Tok.leftParen) test = new n.FunCall!(next.lineno, next.colno, name, this.parseSignature());
    else if (next && TEST_ARG_START.has(next.type) && !(next.type === Tok.symbol && NOT_TEST_ARG.has(next.value))) {
      if (next.type === Tok.symbol && next.value === "is")
        this.fail("tests cannot be chained ('x is a is b')", next.lineno, next.colno);
      test = new n.FunCall!(
        next.lineno,
        next.colno,
        name,
        new n.NodeList!(next.lineno, next.colno, [this.parsePrimary()]),
      );
    }
    const result = new n.Is!(is.lineno, is.colno, node, test);
    return negated ? new n.Not!(is.lineno, is.colno, result) : result;
  }
}

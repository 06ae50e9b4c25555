/**
 * Typed handles on the nunjucks internals tform's Jinja parser and compiler extend: its tokenizer, parser,
 * compiler and AST nodes (nunjucks ships no types for them; these are the parts tform uses, as in 3.2.4).
 */
import nunjucks from "nunjucks";

export interface Token {
  readonly type: string;
  readonly value: string;
  readonly lineno: number;
  readonly colno: number;
}

/** An AST node; each kind has the fields of its kind (nunjucks' nodes.js), declared here together. */
export interface AstNode {
  readonly typename: string;
  readonly fields: readonly string[];
  lineno: number;
  colno: number;
  children: AstNode[];
  value: unknown;
  key: AstNode;
  val: AstNode;
  target: AstNode;
  left: AstNode;
  right: AstNode;
  name: AstNode;
  args: AstNode;
  body: AstNode;
  cond: AstNode;
  else_: AstNode | null;
  arr: AstNode;
  targets: AstNode[];
  expr: AstNode;
  ops: AstNode[];
  type: string;
  addChild(node: AstNode): void;
}

export type NodeClass = (new (lineno: number, colno: number, ...fields: unknown[]) => AstNode) & {
  extend(name: string, props?: { fields: string[] }): NodeClass;
};

export const nodes = (nunjucks as unknown as { nodes: Record<string, NodeClass> }).nodes;
export const lexer = (nunjucks as unknown as { lexer: { lex(src: string, opts?: object): TokenizerBase } }).lexer;

/** Token types of nunjucks' lexer (its TOKEN_* constants). */
export const Tok = {
  string: "string",
  blockStart: "block-start",
  blockEnd: "block-end",
  variableStart: "variable-start",
  variableEnd: "variable-end",
  leftParen: "left-paren",
  rightParen: "right-paren",
  leftBracket: "left-bracket",
  rightBracket: "right-bracket",
  leftCurly: "left-curly",
  rightCurly: "right-curly",
  operator: "operator",
  comma: "comma",
  colon: "colon",
  pipe: "pipe",
  int: "int",
  float: "float",
  boolean: "boolean",
  none: "none",
  symbol: "symbol",
} as const;

export interface TokenizerBase {
  str: string;
  index: number;
  lineno: number;
  colno: number;
  in_code: boolean;
  readonly tags: Readonly<Record<string, string>>;
  nextToken(): Token | null;
  current(): string;
  forward(): void;
  isFinished(): boolean;
}

export interface ParserBase {
  tokens: TokenizerBase;
  peeked: Token | null;
  dropLeadingWhitespace: boolean;
  breakOnBlocks: string[] | null;
  extensions: unknown[];
  nextToken(withWhitespace?: boolean): Token | null;
  peekToken(): Token | null;
  pushToken(tok: Token | null): void;
  error(msg: string, lineno?: number, colno?: number): Error;
  fail(msg: string, lineno?: number, colno?: number): never;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  skipSymbol(value: string): boolean;
  advanceAfterBlockEnd(name?: string): Token;
  advanceAfterVariableEnd(): void;
  parseExpression(): AstNode;
  parsePrimary(noPostfix?: boolean): AstNode;
  parsePostfix(node: AstNode): AstNode;
  parseAggregate(): AstNode | null;
  parseSignature(tolerant?: boolean, noParens?: boolean): AstNode | null;
  parseFilter(node: AstNode): AstNode;
  parseFilterName(): AstNode;
  parseFilterArgs(node: AstNode): AstNode[];
  parseStatement(): AstNode | null;
  parseUntilBlocks(...names: string[]): AstNode;
  parseAsRoot(): AstNode;
}

export interface Frame {
  readonly parent: Frame | undefined;
  set(name: string, value: string): void;
  lookup(name: string): string | undefined;
  push(isolateWrites?: boolean): Frame;
}

export interface CompilerBase {
  fail(msg: string, lineno?: number, colno?: number): never;
  assertType(node: AstNode, ...types: NodeClass[]): void;
  compile(node: AstNode, frame?: Frame): void;
  getCode(): string;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _pushBuffer(): string;
  _popBuffer(): void;
  _withScopedSyntax(fn: () => void): void;
  _compileExpression(node: AstNode, frame: Frame): void;
  _getNodeName(node: AstNode): string;
  _emitLoopBindings(node: AstNode, arr: string, i: string, len: string): void;
  _compileMacro(node: AstNode, frame?: Frame): string;
  compileNodeList(node: AstNode, frame: Frame): void;
  compileFor(node: AstNode, frame: Frame): void;
  compileSet(node: AstNode, frame: Frame): void;
  compileIf(node: AstNode, frame: Frame): void;
  compileInlineIf(node: AstNode, frame: Frame): void;
  compileNot(node: AstNode, frame: Frame): void;
  compileOr(node: AstNode, frame: Frame): void;
  compileAnd(node: AstNode, frame: Frame): void;
  compileAdd(node: AstNode, frame: Frame): void;
  compileMul(node: AstNode, frame: Frame): void;
  compileMod(node: AstNode, frame: Frame): void;
  compileConcat(node: AstNode, frame: Frame): void;
  compileCompare(node: AstNode, frame: Frame): void;
  compileIs(node: AstNode, frame: Frame): void;
  compileIn(node: AstNode, frame: Frame): void;
  compileDict(node: AstNode, frame: Frame): void;
  compileKeywordArgs(node: AstNode, frame: Frame): void;
  compileFunCall(node: AstNode, frame: Frame): void;
  compileFilter(node: AstNode, frame: Frame): void;
}

const internals = nunjucks as unknown as {
  parser: { Parser: new (tokens: TokenizerBase) => ParserBase };
  compiler: { Compiler: new (name: string, throwOnUndefined?: boolean) => CompilerBase };
  runtime: { Frame: new () => Frame };
  lib: {
    TemplateError: new (
      message: string,
      lineno?: number,
      colno?: number,
    ) => Error & { lineno?: number; colno?: number };
  };
};

export const ParserClass = internals.parser.Parser;
export const CompilerClass = internals.compiler.Compiler;
export const CompileFrame = internals.runtime.Frame;
export const TemplateError = internals.lib.TemplateError;
/** The lexer does not export its class: reached through an instance. */
export const TokenizerClass = Object.getPrototypeOf(lexer.lex("")).constructor as new (
  src: string,
  opts?: object,
) => TokenizerBase;

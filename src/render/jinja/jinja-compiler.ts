/**
 * Code generation for Jinja2's statements on top of nunjucks' compiler: Python truthiness in `{% if %}`,
 * loop scoping (a `{% set %}` inside `{% for %}` does not leak out and starts each iteration from the outer
 * value), `loop.cycle()` / `loop.changed()`, tuple unpacking, namespace attributes, and macros that bind
 * their arguments as Python does (extra ones in `varargs` / `kwargs`) and know their own line.
 */
import { JinjaExpressionCompiler, type KnownNames } from "./jinja-expression-compiler.js";
import { parseTemplate } from "./jinja-parser.js";
import { CompileFrame, TemplateError, nodes, type AstNode, type Frame, type NodeClass } from "./nunjucks-internals.js";

const n = nodes as Record<string, NodeClass>;
/** nodes whose bodies are scopes of their own, not part of the enclosing loop body */
const OWN_SCOPES: ReadonlySet<string> = new Set(["For", "Macro", "Caller"]);

function visit(node: unknown, fn: (node: AstNode) => boolean): void {
  if (!(node instanceof n.Node!)) return;
  const ast = node as AstNode;
  if (!fn(ast)) return;
  for (const field of ast.fields) {
    const value = (ast as unknown as Record<string, unknown>)[field];
    if (Array.isArray(value)) value.forEach((v) => visit(v, fn));
    else visit(value, fn);
  }
}

/** Names a loop body assigns with {% set %}, outside nested loops and macros. */
function assignedNames(body: AstNode): Set<string> {
  const names = new Set<string>();
  visit(body, (node) => {
    if (node.typename === "Set") for (const t of node.targets) names.add(String(t.value));
    return node === body || !OWN_SCOPES.has(node.typename);
  });
  return names;
}

/** Attributes of `loop` a body reads (`loop.cycle`, …). */
function loopAttributes(body: AstNode): Set<string> {
  const attrs = new Set<string>();
  visit(body, (node) => {
    if (node.typename === "LookupVal" && node.target.typename === "Symbol" && node.target.value === "loop")
      attrs.add(String(node.val.value));
    return true;
  });
  return attrs;
}

const loopNames = (loop: AstNode): string[] =>
  loop.name.typename === "Array" ? loop.name.children.map((c) => String(c.value)) : [String(loop.name.value)];

function symbolNames(node: AstNode): Set<string> {
  const names = new Set<string>();
  visit(node, (x) => (x.typename === "Symbol" && names.add(String(x.value)), true));
  return names;
}

export class JinjaCompiler extends JinjaExpressionCompiler {
  /** line of the node being compiled, for errors nunjucks' compiler throws without one */
  line = 0;
  private readonly loopBodies = new Map<AstNode, AstNode>();

  override compile(node: AstNode, frame?: Frame): void {
    this.line = node.lineno;
    super.compile(node, frame);
  }

  override compileIf(node: AstNode, frame: Frame): void {
    this._emit("if(");
    this.compileCondition(node.cond, frame);
    this._emitLine(") {");
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine("}\nelse {");
      this._withScopedSyntax(() => this.compile(node.else_!, frame));
    }
    this._emitLine("}");
  }

  /** the items of a loop; its filter sees each item under the loop's names */
  compileLoopItems(node: AstNode & { names: readonly string[] }, frame: Frame): void {
    const names = node.names;
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, runtime.loopItems(`);
    this._compileExpression(node.target, frame);
    this._emit(`, ${names.length > 1}`);
    if (node.cond) {
      const item = this._tmpid();
      const itemFrame = frame.push();
      names.forEach((name, i) => itemFrame.set(name, names.length > 1 ? `${item}[${i}]` : item));
      this._emit(`, function(${item}) { return `);
      this.compileCondition(node.cond, itemFrame);
      this._emit("; }");
    }
    this._emit("))");
  }

  compileLoopControl(node: AstNode & { kind: string }): void {
    this._emitLine(`${node.kind};`);
  }

  override compileFor(node: AstNode, frame: Frame): void {
    this.loopBodies.set(node.body, node);
    Object.assign(node.arr, { names: loopNames(node) });
    super.compileFor(node, frame);
  }

  /** A loop body starts each iteration with its own copies of the names it assigns, read from outside the loop. */
  override compileNodeList(node: AstNode, frame: Frame): void {
    const loop = this.loopBodies.get(node);
    if (loop) {
      const loopVars = loopNames(loop);
      for (const name of assignedNames(node)) {
        if (loopVars.includes(name)) continue;
        const id = this._tmpid();
        const outer =
          frame.parent?.lookup(name) ?? `runtime.contextOrFrameLookup(context, frame.pop(), ${JSON.stringify(name)})`;
        this._emitLine(`var ${id} = ${outer};`);
        this._emitLine(`frame.set(${JSON.stringify(name)}, ${id});`);
        frame.set(name, id);
      }
    }
    super.compileNodeList(node, frame);
  }

  override _emitLoopBindings(node: AstNode, arr: string, i: string, len: string): void {
    super._emitLoopBindings(node, arr, i, len);
    const used = loopAttributes(node.body);
    if (used.has("cycle"))
      this._emitLine(`frame.set("loop.cycle", function() { return arguments[${i} % arguments.length]; });`);
    if (used.has("changed")) this._emitLine(`if (${i} === 0) frame.set("loop.changed", runtime.loopChanged());`);
    if (used.has("previtem"))
      this._emitLine(`frame.set("loop.previtem", runtime.isArray(${arr}) && ${i} > 0 ? ${arr}[${i} - 1] : undefined);`);
    if (used.has("nextitem"))
      this._emitLine(`frame.set("loop.nextitem", runtime.isArray(${arr}) ? ${arr}[${i} + 1] : undefined);`);
  }

  /** `{% set a, b = pair %}` unpacks (nunjucks would give every name the whole value). */
  override compileSet(node: AstNode, frame: Frame): void {
    if (node.targets.length === 1 || !node.value) return super.compileSet(node, frame);
    const values = this._tmpid();
    this._emit(`lineno = ${node.lineno}; colno = ${node.colno}; var ${values} = runtime.unpack(`);
    this._compileExpression(node.value as AstNode, frame);
    this._emitLine(`, ${node.targets.length});`);
    node.targets.forEach((target, i) => {
      // as nunjucks' compileSet does for one name
      const name = JSON.stringify(target.value);
      let id = frame.lookup(String(target.value));
      if (!id) this._emitLine(`var ${(id = this._tmpid())};`);
      this._emitLine(`${id} = ${values}[${i}];`);
      this._emitLine(`frame.set(${name}, ${id}, true);`);
      this._emitLine(`if(frame.topLevel) { context.setVariable(${name}, ${id}); }`);
      if (!String(target.value).startsWith("_"))
        this._emitLine(`if(frame.topLevel) { context.addExport(${name}, ${id}); }`);
    });
  }

  compileSetAttr(node: AstNode & { body: AstNode | null }, frame: Frame): void {
    this._emit(`lineno = ${node.lineno}; colno = ${node.colno}; runtime.setAttr(`);
    this._compileExpression(node.target, frame);
    this._emit(`, ${JSON.stringify(node.val.value)}, `);
    if (node.value) this._compileExpression(node.value as AstNode, frame);
    else this.compile(node.body!, frame);
    this._emitLine(");");
  }

  override _compileMacro(node: AstNode, frame?: Frame): string {
    const params: string[] = [];
    const defaults: AstNode[] = [];
    let rest = "varargs";
    let restKw = "kwargs";
    for (const arg of node.args.children) {
      if (arg.typename === "Symbol") params.push(String(arg.value));
      else if (arg.typename === "Splat" && arg.target.typename === "Symbol") rest = String(arg.target.value);
      else if (arg.typename === "KeywordArgs") {
        for (const kw of arg.children) {
          if (kw.typename === "KwSplat" && kw.target.typename === "Symbol") restKw = String(kw.target.value);
          else if (kw.typename === "Pair" && kw.key.typename === "Symbol") defaults.push(kw);
          else this.fail("a macro parameter is a name, name=default, *name or **name", kw.lineno, kw.colno);
        }
      } else this.fail("a macro parameter is a name, name=default, *name or **name", arg.lineno, arg.colno);
    }
    const declared = new Set([...params, ...defaults.map((d) => String(d.key.value))]);
    const used = symbolNames(node.body);
    // Jinja gives a macro varargs / kwargs only when its body reads them
    const readsRest = used.has(rest) && !declared.has(rest);
    const readsRestKw = used.has(restKw) && !declared.has(restKw);
    const funcId = `macro_${this._tmpid()}`;
    const keepFrame = frame !== undefined;
    const currFrame = keepFrame ? frame.push(true) : new CompileFrame();
    const q = JSON.stringify;
    this._emitLine(
      `var ${funcId} = runtime.makeMacro(function(){return [lineno, colno];}, [${params.map((p) => q(p)).join(", ")}], [${defaults.map((d) => q(d.key.value)).join(", ")}], ${readsRest || readsRestKw}, `,
    );
    this._emitLine(
      `function (${[...params.map((p) => `l_${p}`), "macroDefaults", "macroVarargs", "macroKwargs"].join(", ")}) {`,
    );
    // `frame` belongs to the template function that macros of one file share: restored in `finally`, since
    // return() and errors leave a body by throwing, which would leave the caller on this macro's frame
    this._emitLine("var callerFrame = frame;");
    this._emitLine("try {");
    this._emitLine(`frame = ${keepFrame ? "frame.push(true);" : "new runtime.Frame();"}`);
    this._emitLine(
      'if (Object.prototype.hasOwnProperty.call(macroDefaults, "caller")) { frame.set("caller", macroDefaults.caller); }',
    );
    for (const p of params) {
      this._emitLine(`frame.set(${q(p)}, l_${p});`);
      currFrame.set(p, `l_${p}`);
    }
    for (const d of defaults) {
      const name = q(d.key.value);
      this._emit(
        `frame.set(${name}, Object.prototype.hasOwnProperty.call(macroDefaults, ${name}) ? macroDefaults[${name}] : `,
      );
      this._compileExpression(d.value as AstNode, currFrame);
      this._emitLine(");");
    }
    if (readsRest) this._emitLine(`frame.set(${q(rest)}, macroVarargs);`);
    if (readsRestKw) this._emitLine(`frame.set(${q(restKw)}, macroKwargs);`);
    const buffer = this._pushBuffer();
    this._withScopedSyntax(() => this.compile(node.body, currFrame));
    this._emitLine(`return new runtime.SafeString(${buffer});`);
    this._emitLine("} finally { frame = callerFrame; }");
    this._emitLine("});");
    this._popBuffer();
    return funcId;
  }
}

interface EnvironmentInternals {
  readonly extensionsList: unknown[];
  readonly opts: { readonly throwOnUndefined?: boolean };
  readonly filters: Readonly<Record<string, unknown>>;
  readonly tests: Readonly<Record<string, unknown>>;
}

/** The JavaScript of a template's root function, as nunjucks' compile() produces it, from tform's Jinja parser and compiler. */
export function compileJinja(source: string, name: string, environment: unknown): string {
  const env = environment as EnvironmentInternals;
  const ast = parseTemplate(source, env.extensionsList, env.opts);
  const compiler = new JinjaCompiler(name, env.opts.throwOnUndefined);
  const known: KnownNames = { filter: (f) => f in env.filters, test: (t) => t in env.tests };
  compiler.known = known;
  try {
    // nunjucks' transformer is left out: it only rewrites async filters and extensions, which tform has none of
    compiler.compile(ast);
  } catch (e) {
    if (e instanceof TemplateError && (e as { lineno?: number }).lineno !== undefined) throw e;
    throw new TemplateError(String((e as Error).message ?? e), compiler.line + 1, 1);
  }
  return compiler.getCode();
}

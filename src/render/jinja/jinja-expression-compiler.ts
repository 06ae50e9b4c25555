/**
 * Code generation for Jinja2's expression semantics on top of nunjucks' compiler: Python truthiness in
 * conditions and `and`/`or`/`not`, `==` and `in` by value, `+`/`*`/`%`/`~` as Python's operators, tuples,
 * slices, computed dict keys, `*args`/`**kwargs` in calls, and unknown filters or tests reported with
 * their line. The operators call helpers on the runtime object (see jinja-runtime.ts).
 */
import { CompilerClass, type AstNode, type Frame, type NodeClass } from "./nunjucks-internals.js";

/** Node kinds of jinja-nodes.ts, which nunjucks' type assertions do not know. */
const OWN_NODES: ReadonlySet<string> = new Set(["Tuple", "Splat", "KwSplat", "Slice", "LoopItems"]);
/** Already booleans in JavaScript: no truthiness conversion needed in a condition. */
const BOOLEAN_NODES: ReadonlySet<string> = new Set(["Is", "Compare", "In"]);

/** Which filter and test names exist, to report unknown ones when compiling (as Jinja does). */
export interface KnownNames {
  filter(name: string): boolean;
  test(name: string): boolean;
}

export class JinjaExpressionCompiler extends CompilerClass {
  known: KnownNames | undefined;

  override assertType(node: AstNode, ...types: NodeClass[]): void {
    if (!OWN_NODES.has(node.typename)) super.assertType(node, ...types);
  }

  /** Emits `node` as a JavaScript boolean with Python's truthiness ([] and {} are false). */
  protected compileCondition(node: AstNode, frame: Frame): void {
    if (node.typename === "Not") {
      this._emit("!(");
      this.compileCondition(node.target, frame);
      this._emit(")");
    } else if (node.typename === "And" || node.typename === "Or") {
      this._emit("(");
      this.compileCondition(node.left, frame);
      this._emit(node.typename === "And" ? " && " : " || ");
      this.compileCondition(node.right, frame);
      this._emit(")");
    } else if (BOOLEAN_NODES.has(node.typename)) {
      this.compile(node, frame);
    } else {
      this.emitCall("runtime.truthy", [node], frame);
    }
  }

  override compileNot(node: AstNode, frame: Frame): void {
    this.compileCondition(node, frame);
  }

  // `a or b` is a if a is true, else b (b evaluated only then); `a and b` is b if a is true, else a
  override compileOr(node: AstNode, frame: Frame): void {
    this.emitShortCircuit(node, frame, true);
  }

  override compileAnd(node: AstNode, frame: Frame): void {
    this.emitShortCircuit(node, frame, false);
  }

  private emitShortCircuit(node: AstNode, frame: Frame, isOr: boolean): void {
    const left = this._tmpid();
    this._emit(`((${left}) => runtime.truthy(${left}) ? `);
    if (isOr) this._emit(left);
    else this.compile(node.right, frame);
    this._emit(" : ");
    if (isOr) this.compile(node.right, frame);
    else this._emit(left);
    this._emit(")(");
    this.compile(node.left, frame);
    this._emit(")");
  }

  override compileInlineIf(node: AstNode, frame: Frame): void {
    this._emit("(");
    this.compileCondition(node.cond, frame);
    this._emit(" ? ");
    this.compile(node.body, frame);
    this._emit(" : ");
    if (node.else_) this.compile(node.else_, frame);
    else this._emit("undefined");
    this._emit(")");
  }

  override compileAdd(node: AstNode, frame: Frame): void {
    this.emitCall("runtime.add", [node.left, node.right], frame);
  }

  override compileMul(node: AstNode, frame: Frame): void {
    this.emitCall("runtime.mul", [node.left, node.right], frame);
  }

  override compileMod(node: AstNode, frame: Frame): void {
    this.emitLocated(node, () => this.emitCall("runtime.mod", [node.left, node.right], frame));
  }

  override compileIn(node: AstNode, frame: Frame): void {
    this.emitLocated(node, () => this.emitCall("runtime.inOperator", [node.left, node.right], frame));
  }

  override compileConcat(node: AstNode, frame: Frame): void {
    this.emitCall("runtime.concat", [node.left, node.right], frame);
  }

  /** `a == b` by value; a chain `a < b < c` is `a < b and b < c` */
  override compileCompare(node: AstNode, frame: Frame): void {
    this._emit("(");
    node.ops.forEach((op, i) => {
      if (i > 0) this._emit(" && ");
      const left = i === 0 ? node.expr : node.ops[i - 1]!.expr;
      if (op.type === "==" || op.type === "!=") {
        if (op.type === "!=") this._emit("!");
        this.emitCall("runtime.eq", [left, op.expr], frame);
      } else {
        this._emit("(");
        this.compile(left, frame);
        this._emit(` ${op.type} `);
        this.compile(op.expr, frame);
        this._emit(")");
      }
    });
    this._emit(")");
  }

  override compileIs(node: AstNode, frame: Frame): void {
    const test = node.right;
    const call = test.typename === "FunCall";
    const name = String(call ? test.name.value : test.value);
    if (this.known && !this.known.test(name))
      this.fail(`unknown test '${name}' (in 'is ${name}')`, test.lineno, test.colno);
    this.emitLocated(node, () => {
      this._emit(`env.getTest(${JSON.stringify(name)}).call(context, `);
      this.compile(node.left, frame);
      if (call && test.args.children.length > 0) {
        this._emit(", ");
        this.emitArgs(test.args, frame);
      }
      this._emit(") === true");
    });
  }

  compileTuple(node: AstNode, frame: Frame): void {
    this._emit("runtime.tuple([");
    this.emitArgs(node, frame);
    this._emit("])");
  }

  /** a slice is the three extra arguments of memberLookup (nunjucks' Jinja compatibility reads them) */
  compileSlice(node: AstNode & { start: AstNode; stop: AstNode; step: AstNode }, frame: Frame): void {
    this.emitArgs({ children: [node.start, node.stop, node.step] } as AstNode, frame);
  }

  /** dict keys are expressions, as in Python: `{name: 1}` uses the variable `name` */
  override compileDict(node: AstNode, frame: Frame): void {
    this._emit("{");
    node.children.forEach((pair, i) => {
      if (i > 0) this._emit(", ");
      this._emit("[");
      this._compileExpression(pair.key, frame);
      this._emit("]: ");
      this._compileExpression(pair.value as AstNode, frame);
    });
    this._emit("}");
  }

  override compileKeywordArgs(node: AstNode, frame: Frame): void {
    this._emit("runtime.makeKeywordArgs({");
    node.children.forEach((arg, i) => {
      if (i > 0) this._emit(", ");
      if (arg.typename === "KwSplat") {
        this.emitCall("...runtime.keywordsOf", [arg.target], frame);
      } else {
        this._emit(`${JSON.stringify(arg.key.value)}: `);
        this._compileExpression(arg.value as AstNode, frame);
      }
    });
    this._emit("})");
  }

  override compileFunCall(node: AstNode, frame: Frame): void {
    // nunjucks keeps the line of the call being evaluated in lineno/colno, for errors
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, runtime.callWrap(`);
    this._compileExpression(node.name, frame);
    this._emit(`, ${JSON.stringify(this._getNodeName(node.name))}, context, [`);
    this.emitArgs(node.args, frame);
    this._emit("]))");
  }

  override compileFilter(node: AstNode, frame: Frame): void {
    const name = String(node.name.value);
    if (this.known && !this.known.filter(name))
      this.fail(`unknown filter '${name}' (in '| ${name}')`, node.name.lineno, node.name.colno);
    this._emit(`env.getFilter(${JSON.stringify(name)}).call(context, `);
    this.emitArgs(node.args, frame);
    this._emit(")");
  }

  /** An expression that may throw (`'%s' % ()`, `x in none`), setting nunjucks' lineno/colno first as calls do, so errors name its line. */
  protected emitLocated(node: AstNode, emit: () => void): void {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, `);
    emit();
    this._emit(")");
  }

  /** Arguments separated by commas; `*xs` spreads its items. */
  protected emitArgs(list: AstNode, frame: Frame): void {
    list.children.forEach((arg, i) => {
      if (i > 0) this._emit(", ");
      if (arg.typename === "Splat") this.emitCall("...runtime.splat", [arg.target], frame);
      else this._compileExpression(arg, frame);
    });
  }

  protected emitCall(fn: string, args: readonly AstNode[], frame: Frame): void {
    this._emit(`${fn}(`);
    this.emitArgs({ children: args } as AstNode, frame);
    this._emit(")");
  }
}

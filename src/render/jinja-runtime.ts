/**
 * The runtime object handed to compiled templates (nunjucks passes it as a parameter, so tform can
 * extend it without patching nunjucks for other users): Python str methods on member lookup, and
 * macros that honour dbt's `return()` and remember where inside a macro file an error happened.
 */
import nunjucks from "nunjucks";
import { MACRO_POSITION, MacroReturn, type PositionedError } from "./macro-return.js";
import { pythonMethod } from "./python-methods.js";

nunjucks.installJinjaCompat();

type AnyFn = (...args: unknown[]) => unknown;
type Runtime = typeof nunjucks.runtime & {
  memberLookup: (obj: unknown, name: unknown, ...rest: unknown[]) => unknown;
  makeMacro: (argNames: string[], kwargNames: string[], func: AnyFn) => AnyFn;
};

const base = nunjucks.runtime as Runtime;
const compatMemberLookup = base.memberLookup;
const baseMakeMacro = base.makeMacro;

/** Marks functions built from `{% macro %}` so the macro registry can tell them from other top-level values. */
export const IS_MACRO = Symbol("tform.isMacro");

function memberLookup(this: unknown, obj: unknown, name: unknown, ...rest: unknown[]): unknown {
  if (rest.length === 0 && typeof name === "string") {
    const method = pythonMethod(obj, name);
    if (method) return method;
  }
  return compatMemberLookup.call(this, obj, name, ...rest);
}

/**
 * Compiled code calls `runtime.makeMacro(getPosition, argNames, kwargNames, body)` once tform's
 * compiler has rewritten it (see compileTemplateCode); getPosition reads the macro file's own line
 * counter, which nunjucks keeps in the enclosing template function.
 */
function makeMacro(templateName: string, getPosition: () => [number, number], argNames: string[], kwargNames: string[], body: AnyFn): AnyFn {
  const macro = baseMakeMacro(argNames, kwargNames, function (this: unknown, ...args: unknown[]) {
    try {
      return body.apply(this, args);
    } catch (e) {
      if (e instanceof MacroReturn) return e.value;
      if (e instanceof Error && !(e as PositionedError)[MACRO_POSITION]) {
        const [lineno, colno] = getPosition();
        (e as PositionedError)[MACRO_POSITION] = { templateName, lineno, colno };
      }
      throw e;
    }
  });
  Object.defineProperty(macro, IS_MACRO, { value: true });
  return macro;
}

/** A runtime for one compiled template (its name goes into positions of errors raised in its macros). */
export function runtimeFor(templateName: string): Runtime {
  return {
    ...base,
    memberLookup,
    makeMacro: (getPosition: unknown, ...rest: unknown[]) =>
      makeMacro(templateName, getPosition as () => [number, number], ...(rest as [string[], string[], AnyFn])),
  } as unknown as Runtime;
}

export type { Runtime as JinjaRuntime };

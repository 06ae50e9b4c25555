/**
 * The runtime object handed to compiled templates (nunjucks passes it as a parameter, so tform can
 * extend it without patching nunjucks for other users): Python methods and attributes on member lookup,
 * Python's operators (python-operators.ts), and macros that bind arguments as Jinja does, honour dbt's
 * `return()` and remember where inside a macro file an error happened.
 */
import nunjucks from "nunjucks";
import { isKeywordArgs } from "./call-args.js";
import { MACRO_POSITION, MacroReturn, type PositionedError } from "./macro-return.js";
import { pythonOperators } from "./python-operators.js";
import { pythonMethod } from "./python-methods.js";
import { isText, tuple } from "./python-values.js";

nunjucks.installJinjaCompat();

type AnyFn = (...args: unknown[]) => unknown;
type Runtime = typeof nunjucks.runtime & {
  memberLookup: (obj: unknown, name: unknown, ...rest: unknown[]) => unknown;
};

const base = nunjucks.runtime as Runtime;
const compatMemberLookup = base.memberLookup;
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Marks functions built from `{% macro %}` so the macro registry can tell them from other top-level values. */
export const IS_MACRO = Symbol("tform.isMacro");

function memberLookup(this: unknown, obj: unknown, name: unknown, ...rest: unknown[]): unknown {
  if (rest.length === 0 && typeof name === "string") {
    const method = pythonMethod(obj, name);
    if (method) return method;
    // an object's own attribute wins over the dict method of the same name (a column's `values`)
    if (typeof obj === "object" && obj !== null && !Array.isArray(obj) && name in obj) {
      const value = (obj as Record<string, unknown>)[name];
      return typeof value === "function" ? (...args: unknown[]) => (value as AnyFn).apply(obj, args) : value;
    }
  }
  const found = compatMemberLookup.call(this, obj, name, ...rest);
  // a slice (start, stop, step) of a string is a string
  return rest.length === 2 && isText(obj) ? (found as string[]).join("") : found;
}

/**
 * Python's binding of a call to a macro's parameters: positionals fill the parameters in order (the
 * defaulted ones too), keywords fill them by name; what is left goes to varargs (a tuple) and kwargs.
 * Returns the compiled body's arguments: one per parameter without default, then the given values of
 * defaulted parameters (and `caller`) by name, varargs, kwargs.
 */
function bindMacroArgs(argNames: readonly string[], kwargNames: readonly string[], args: readonly unknown[]): unknown[] {
  const last = args[args.length - 1];
  const keywords = isKeywordArgs(last) ? last : undefined;
  const count = keywords ? args.length - 1 : args.length;
  const bound: unknown[] = argNames.map((name, i) => (i < count ? args[i] : keywords && hasOwn(keywords, name) ? keywords[name] : undefined));
  const defaults: Record<string, unknown> = {};
  kwargNames.forEach((name, j) => {
    const i = argNames.length + j;
    if (i < count) defaults[name] = args[i];
    else if (keywords && hasOwn(keywords, name)) defaults[name] = keywords[name];
  });
  const extra: Record<string, unknown> = {};
  if (keywords) {
    for (const [k, v] of Object.entries(keywords)) {
      if (k === "caller") defaults.caller = v;
      else if (k !== "__keywords" && !argNames.includes(k) && !kwargNames.includes(k)) extra[k] = v;
    }
  }
  const varargs = tuple(count > argNames.length + kwargNames.length ? args.slice(argNames.length + kwargNames.length, count) : []);
  bound.push(defaults, varargs, extra);
  return bound;
}

/**
 * Compiled code calls `runtime.makeMacro(getPosition, argNames, kwargNames, body)` (see jinja-compiler.ts);
 * getPosition reads the macro file's own line counter, which nunjucks keeps in the enclosing template function.
 */
function makeMacro(templateName: string, getPosition: () => [number, number], argNames: string[], kwargNames: string[], body: AnyFn): AnyFn {
  const macro = function (this: unknown, ...args: unknown[]) {
    try {
      return body.apply(this, bindMacroArgs(argNames, kwargNames, args));
    } catch (e) {
      if (e instanceof MacroReturn) return e.value;
      if (e instanceof Error && !(e as PositionedError)[MACRO_POSITION]) {
        const [lineno, colno] = getPosition();
        (e as PositionedError)[MACRO_POSITION] = { templateName, lineno, colno };
      }
      throw e;
    }
  };
  Object.defineProperty(macro, IS_MACRO, { value: true });
  return macro;
}

/** A runtime for one compiled template (its name goes into positions of errors raised in its macros). */
export function runtimeFor(templateName: string): Runtime {
  return {
    ...base,
    ...pythonOperators,
    memberLookup,
    makeMacro: (getPosition: () => [number, number], argNames: string[], kwargNames: string[], body: AnyFn) => makeMacro(templateName, getPosition, argNames, kwargNames, body),
  } as unknown as Runtime;
}

export type { Runtime as JinjaRuntime };

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

const NO_VARARGS = Object.freeze(tuple([]));

/**
 * Python's binding of a call to a macro's parameters: positionals fill the parameters in order (the
 * defaulted ones too), keywords fill them by name; what is left goes to varargs (a tuple) and kwargs,
 * collected only for a macro that reads them. Returns the compiled body's arguments: one per parameter
 * without default, then the given values of defaulted parameters (and `caller`) by name, varargs, kwargs.
 * Plain loops: this runs for every macro call.
 */
function bindMacroArgs(
  argNames: readonly string[],
  kwargNames: readonly string[],
  collect: boolean,
  args: readonly unknown[],
): unknown[] {
  let count = args.length;
  const keywords = isKeywordArgs(args[count - 1]) ? (args[count - 1] as Record<string, unknown>) : undefined;
  if (keywords) count--;
  const nArgs = argNames.length;
  const bound = new Array<unknown>(nArgs + 3);
  for (let i = 0; i < nArgs; i++)
    bound[i] = i < count ? args[i] : keywords && hasOwn(keywords, argNames[i]!) ? keywords[argNames[i]!] : undefined;
  const defaults: Record<string, unknown> = {};
  for (let j = 0; j < kwargNames.length; j++) {
    const name = kwargNames[j]!;
    if (nArgs + j < count) defaults[name] = args[nArgs + j];
    else if (keywords && hasOwn(keywords, name)) defaults[name] = keywords[name];
  }
  if (keywords && hasOwn(keywords, "caller")) defaults.caller = keywords.caller;
  const extra: Record<string, unknown> | undefined = collect ? {} : undefined;
  if (extra && keywords) {
    for (const k in keywords)
      if (k !== "caller" && k !== "__keywords" && !argNames.includes(k) && !kwargNames.includes(k))
        extra[k] = keywords[k];
  }
  const all = nArgs + kwargNames.length;
  bound[nArgs] = defaults;
  bound[nArgs + 1] = collect && count > all ? tuple(args.slice(all, count)) : NO_VARARGS;
  bound[nArgs + 2] = extra;
  return bound;
}

/**
 * Compiled code calls `runtime.makeMacro(getPosition, argNames, kwargNames, collect, body)` (see
 * jinja-compiler.ts); getPosition reads the macro file's own line counter, which nunjucks keeps in the
 * enclosing template function; collect says whether the body reads varargs or kwargs.
 */
function makeMacro(
  templateName: string,
  getPosition: () => [number, number],
  argNames: string[],
  kwargNames: string[],
  collect: boolean,
  body: AnyFn,
): AnyFn {
  const macro = function (this: unknown, ...args: unknown[]) {
    try {
      return body.apply(this, bindMacroArgs(argNames, kwargNames, collect, args));
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
    makeMacro: (
      getPosition: () => [number, number],
      argNames: string[],
      kwargNames: string[],
      collect: boolean,
      body: AnyFn,
    ) => makeMacro(templateName, getPosition, argNames, kwargNames, collect, body),
  } as unknown as Runtime;
}

export type { Runtime as JinjaRuntime };

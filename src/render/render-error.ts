/** Turns what nunjucks throws into a located RenderError that names the construct and says what to do. */
import { RenderError, TformError, type SourceLocation } from "../errors.js";
import { MACRO_POSITION, type PositionedError } from "./macro-return.js";

/** Stable codes of render errors (TF2xx). */
export const RenderCode = {
  syntax: "TF201",
  unknownRef: "TF202",
  unknownSource: "TF203",
  undefinedMacro: "TF204",
  missingPackage: "TF205",
  unsupported: "TF206",
  missingVar: "TF207",
  missingEnvVar: "TF208",
  compilerError: "TF209",
  renderFailed: "TF210",
  dispatchFailed: "TF211",
  unknownDoc: "TF212",
  unknownTest: "TF213",
  /** env_var('DBT_ENV_SECRET_…') in a model, macro, test or hook */
  secretEnvVar: "TF214",
  /** the tested model reads a ref() or source() its unit test gives no input for */
  unitTestMissingInput: "TF235",
  /** a unit test input whose rows cannot be typed: an ephemeral model given as dict or csv rows */
  unitTestUntypedInput: "TF236",
} as const;

interface NunjucksError extends Error {
  lineno?: number;
  colno?: number;
  cause?: unknown;
}

export function locate(file: string, source: string, line: number | undefined, col?: number): SourceLocation {
  if (line === undefined || line < 1) return { file };
  const excerpt = source.split("\n", line)[line - 1];
  return { file, line, col, excerpt: excerpt?.replace(/\r$/, "") };
}

const UNKNOWN_TAG = /unknown block tag: (\w+)/;

/** A Jinja syntax error found while compiling `source` (nunjucks reports 1-based positions here). */
export function syntaxError(e: unknown, file: string, source: string): RenderError {
  const err = e as NunjucksError;
  const message = String(err.message ?? e)
    .replace(/^\(.*?\)\s*(\[Line \d+(, Column \d+)?\])?\s*/s, "")
    // "token: x" reads like a credential to the secret scrubber
    .replace(/unexpected token: (.*)/, "unexpected `$1`");
  const location = locate(file, source, err.lineno, err.colno);
  const tag = UNKNOWN_TAG.exec(message)?.[1];
  if (tag) {
    return new RenderError(
      RenderCode.unsupported,
      `Jinja tag {% ${tag} %} is not supported by tform (${file}:${location.line ?? "?"}).`,
      {
        location,
        hint: `Remove the {% ${tag} %} block or rewrite it with supported tags (macro, set, for, if, call, do, raw, test).`,
        cause: e,
      },
    );
  }
  return new RenderError(RenderCode.syntax, `Jinja syntax error in ${file}:${location.line ?? "?"}: ${message}`, {
    location,
    hint: "Fix the template syntax at the line shown (unbalanced {% %} / {{ }}, a missing {% end… %}, or a typo in a tag).",
    cause: e,
  });
}

const UNABLE_TO_CALL = /Unable to call `([^`]+)`, which is (undefined or falsey|not a function)/;

/** An error raised while rendering a compiled template (nunjucks reports 0-based positions here). */
export function renderError(
  e: unknown,
  file: string,
  source: string,
  knownPackages: readonly string[] = [],
): TformError {
  const wrapped = e as NunjucksError;
  const cause = wrapped.cause instanceof Error ? (wrapped.cause as PositionedError) : (wrapped as PositionedError);
  const line = wrapped.lineno === undefined ? undefined : wrapped.lineno + 1;
  const col = wrapped.colno === undefined ? undefined : wrapped.colno + 1;
  const location = locate(file, source, line, col);
  const inMacro = cause[MACRO_POSITION];
  const where = `${file}:${location.line ?? "?"}${inMacro ? ` (inside macro file ${inMacro.templateName}:${inMacro.lineno + 1})` : ""}`;

  if (cause instanceof TformError) {
    if (cause.location) return cause;
    return new (cause.constructor as typeof RenderError)(cause.code, `${cause.message} (${where})`, {
      location,
      hint: cause.hint,
      node: cause.node,
      cause: cause.cause,
    });
  }
  const call = UNABLE_TO_CALL.exec(cause.message);
  if (call) {
    const name = call[1]!.replace(/\["([^"]+)"\]/g, ".$1");
    const pkg = name.includes(".") ? name.split(".")[0]! : undefined;
    if (pkg && !knownPackages.includes(pkg) && call[2] === "undefined or falsey") {
      return new RenderError(
        RenderCode.missingPackage,
        `${name}() comes from the package '${pkg}', which is not installed (${where}).`,
        {
          location,
          hint: `tform does not download dbt packages: vendor it by copying the package's folder (with its macros/) into dbt_packages/${pkg}/ in the project.`,
          cause: e,
        },
      );
    }
    return new RenderError(RenderCode.undefinedMacro, `Undefined macro or function '${name}' called in ${where}.`, {
      location,
      hint: `Define a macro named '${name.split(".").pop()}' in the project's macros/ folder, or fix the name.`,
      cause: e,
    });
  }
  return new RenderError(RenderCode.renderFailed, `Rendering failed in ${where}: ${cause.message}`, {
    location,
    hint: "Check the expression at the line shown.",
    cause: e,
  });
}

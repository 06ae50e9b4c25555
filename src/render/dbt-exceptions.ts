/** dbt's `exceptions` namespace: errors a template raises itself, and warnings it records. */
import { RenderError } from "../errors.js";
import { RenderCode } from "./render-error.js";

export function exceptionsNamespace(warn: (message: string) => void): Record<string, (...args: unknown[]) => unknown> {
  return {
    raise_compiler_error: (msg: unknown) => {
      // the raising template may be the project's, a package's or one of tform's built-in macros: the location says which
      throw new RenderError(RenderCode.compilerError, String(msg), {
        hint: "A template stopped the render with exceptions.raise_compiler_error: read its message and the location it points to.",
      });
    },
    raise_not_implemented: (msg: unknown) => {
      throw new RenderError(RenderCode.unsupported, `Not implemented: ${String(msg)}`, {
        hint: "A template reached a feature it does not implement for Trino (exceptions.raise_not_implemented).",
      });
    },
    warn: (msg: unknown) => {
      warn(String(msg));
      return "";
    },
  };
}

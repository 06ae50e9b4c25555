/**
 * dbt's `{{ return(value) }}`: the value escapes the macro body as an exception that the macro's own
 * wrapper catches, so `{% set xs = my_macro() %}` receives a list/dict/number instead of text.
 */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

export function returnFromMacro(value: unknown): never {
  throw new MacroReturn(value);
}

/** Where inside a template an error happened: the template's name and its 0-based line/column. */
export interface TemplatePosition {
  readonly templateName: string;
  readonly lineno: number;
  readonly colno: number;
}

/** Attached to errors escaping a macro, innermost macro first, so messages can point inside macro files. */
export const MACRO_POSITION = Symbol("tform.macroPosition");

export type PositionedError = Error & { [MACRO_POSITION]?: TemplatePosition };

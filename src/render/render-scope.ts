/**
 * The variable scope compiled templates and macros read (nunjucks' Context shape). One scope is shared by
 * every macro of a project: macros are compiled once, and the current render's variables (ref, this,
 * config, …) are swapped in with `enter`, as dbt gives each macro call the calling model's context.
 */
import type nunjucks from "nunjucks";

export class RenderScope {
  ctx: Record<string, unknown> = {};
  exported: string[] = [];
  readonly blocks: Record<string, unknown[]> = {};

  constructor(
    readonly env: nunjucks.Environment,
    /** macros, package namespaces and render-independent functions */
    readonly globals: Record<string, unknown>,
  ) {}

  lookup(name: string): unknown {
    const own = this.ctx[name];
    if (own !== undefined) return own;
    const global = this.globals[name];
    if (global !== undefined) return global;
    return (this.env as unknown as { globals: Record<string, unknown> }).globals[name];
  }

  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }

  getVariables(): Record<string, unknown> {
    return this.ctx;
  }

  addExport(name: string): void {
    this.exported.push(name);
  }

  addBlock(name: string, block: unknown): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }

  getBlock(name: string): unknown {
    throw new Error(`template blocks ({% block ${name} %}) and {% extends %} are not supported in dbt models`);
  }

  getSuper(): never {
    throw new Error("super() is not supported in dbt models");
  }

  /** Runs `fn` with `vars` as the current render's variables, restoring the previous ones after (renders nest). */
  enter<T>(vars: Record<string, unknown>, fn: () => T): T {
    const saved = this.ctx;
    this.ctx = vars;
    try {
      return fn();
    } finally {
      this.ctx = saved;
    }
  }
}

/**
 * Compiled templates kept between runs under target/ (dbt's partial parsing idea). Parsing Jinja,
 * generating code and V8's compilation of it are most of a cold parse; an unchanged template gives the
 * same code. All cached templates live in one script loaded with vm.Script and V8's code cache, so a
 * warm run skips nunjucks and most of V8's compile work.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import vm from "node:vm";
import type nunjucks from "nunjucks";
import type { Project } from "../project/types.js";
import { compileTemplateCode, templateFromProps, type CompiledTemplate, type TemplateProps } from "./jinja-environment.js";

/** Bump when generated code changes shape (the compile rewrite, nunjucks upgrades). */
const FORMAT = "tform-render-cache v1 nunjucks 3.2.4";

type Factories = Record<string, () => TemplateProps>;

export interface TemplateJob {
  readonly key: string;
  readonly source: string;
  readonly name: string;
}

const keyOf = (source: string, name: string): string => createHash("sha1").update(name).update("\0").update(source).digest("base64url");

export class TemplateCodeCache {
  private readonly fresh = new Map<string, string>();
  private hits = 0;

  private constructor(
    private readonly dir: string,
    private readonly script: vm.Script | undefined,
    private readonly factories: Factories,
    private readonly codeCacheUsed: boolean,
  ) {}

  static async open(project: Project): Promise<TemplateCodeCache> {
    const dir = join(project.root, project.config.targetPath, "render-cache");
    const code = await readFile(join(dir, "templates.js"), "utf8").catch(() => undefined);
    if (code === undefined || !code.startsWith(`// ${FORMAT}\n`)) return new TemplateCodeCache(dir, undefined, {}, false);
    const cachedData = await readFile(join(dir, "templates.v8")).catch(() => undefined);
    try {
      const script = new vm.Script(code, { filename: join(dir, "templates.js"), cachedData });
      const used = cachedData !== undefined && !script.cachedDataRejected;
      return new TemplateCodeCache(dir, script, script.runInThisContext() as Factories, used);
    } catch {
      return new TemplateCodeCache(dir, undefined, {}, false);
    }
  }

  template(env: nunjucks.Environment, source: string, name: string): CompiledTemplate {
    const key = keyOf(source, name);
    const factory = Object.prototype.hasOwnProperty.call(this.factories, key) ? this.factories[key] : undefined;
    if (factory) {
      this.hits++;
      return templateFromProps(factory(), source, name);
    }
    const code = this.fresh.get(key) ?? compileTemplateCode(env, source, name);
    this.fresh.set(key, code);
    return templateFromProps(new Function(code)() as TemplateProps, source, name);
  }

  /** Templates neither in the cache nor generated yet. */
  missing(templates: readonly { source: string; name: string }[]): TemplateJob[] {
    const jobs = new Map<string, TemplateJob>();
    for (const { source, name } of templates) {
      const key = keyOf(source, name);
      if (!Object.prototype.hasOwnProperty.call(this.factories, key) && !this.fresh.has(key)) jobs.set(key, { key, source, name });
    }
    return [...jobs.values()];
  }

  /** Code generated elsewhere (a worker thread) for a template of this run. */
  add(key: string, code: string): void {
    this.fresh.set(key, code);
  }

  /**
   * New templates → rewrite the script (V8's code cache for it is produced on the next run, once its
   * functions have run); no new templates and no usable code cache → store V8's code cache now.
   */
  async save(): Promise<void> {
    if (this.fresh.size > 0) {
      const entries = [...Object.entries(this.factories).map(([k, f]) => [k, f.toString()]), ...[...this.fresh].map(([k, code]) => [k, `function(){${code}\n}`])];
      await mkdir(this.dir, { recursive: true });
      await rm(join(this.dir, "templates.v8"), { force: true });
      await writeFile(join(this.dir, "templates.js"), `// ${FORMAT}\n({\n${entries.map(([k, f]) => `${JSON.stringify(k)}: ${f}`).join(",\n")}\n})\n`);
    } else if (this.script && !this.codeCacheUsed && this.hits > 0) {
      await writeFile(join(this.dir, "templates.v8"), this.script.createCachedData());
    }
  }
}

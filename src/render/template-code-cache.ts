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

/** Templates first compiled after loadFresh() (Jinja in test arguments), in a script of their own so the main one keeps its V8 code cache. */
const LATE = "templates-late.js";

export interface TemplateJob {
  readonly key: string;
  readonly source: string;
  readonly name: string;
}

const keyOf = (source: string, name: string): string => createHash("sha1").update(name).update("\0").update(source).digest("base64url");

export class TemplateCodeCache {
  private readonly fresh = new Map<string, string>();
  private hits = 0;
  /** script text loaded by loadFresh() and not yet written */
  private unsaved: string | undefined;

  private constructor(
    private readonly dir: string,
    private script: vm.Script | undefined,
    private factories: Factories,
    private codeCacheUsed: boolean,
  ) {}

  static async open(project: Project): Promise<TemplateCodeCache> {
    const dir = join(project.root, project.config.targetPath, "render-cache");
    const code = await readFile(join(dir, "templates.js"), "utf8").catch(() => undefined);
    if (code === undefined || !code.startsWith(`// ${FORMAT}\n`)) return new TemplateCodeCache(dir, undefined, {}, false);
    const [cachedData, late] = await Promise.all([readFile(join(dir, "templates.v8")).catch(() => undefined), readFile(join(dir, LATE), "utf8").catch(() => undefined)]);
    try {
      const script = new vm.Script(code, { filename: join(dir, "templates.js"), cachedData });
      const used = cachedData !== undefined && !script.cachedDataRejected;
      const lateFactories = late?.startsWith(`// ${FORMAT}\n`) ? (new vm.Script(late, { filename: join(dir, LATE) }).runInThisContext() as Factories) : {};
      return new TemplateCodeCache(dir, script, { ...(script.runInThisContext() as Factories), ...lateFactories }, used);
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

  private scriptText(factories: Factories = this.factories): string {
    const entries = [...Object.entries(factories).map(([k, f]) => [k, f.toString()]), ...[...this.fresh].map(([k, code]) => [k, `function(){${code}\n}`])];
    return `// ${FORMAT}\n({\n${entries.map(([k, f]) => `${JSON.stringify(k)}: ${f}`).join(",\n")}\n})\n`;
  }

  /**
   * Loads the templates generated so far as the script the next run will load, so this run's save()
   * can store V8's code cache with it: otherwise the first warm run pays for producing it (~0.5 s on
   * 10k models, measured), the slow run being the cold one anyway.
   */
  loadFresh(): void {
    if (this.fresh.size === 0) return;
    const text = this.scriptText();
    const script = new vm.Script(text, { filename: join(this.dir, "templates.js") });
    this.factories = script.runInThisContext() as Factories;
    this.script = script;
    this.codeCacheUsed = false;
    this.unsaved = text;
    this.fresh.clear();
  }

  /**
   * Templates loaded by loadFresh() → write them with V8's code cache (later ones beside them); other new
   * templates → rewrite the script (V8's code cache for it is produced on the next run, once its functions
   * have run); no new templates and no usable code cache → store V8's code cache now.
   */
  async save(): Promise<void> {
    if (this.unsaved !== undefined && this.script) {
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, "templates.js"), this.unsaved);
      await writeFile(join(this.dir, "templates.v8"), this.script.createCachedData());
      if (this.fresh.size > 0) await writeFile(join(this.dir, LATE), this.scriptText({}));
      else await rm(join(this.dir, LATE), { force: true });
    } else if (this.fresh.size > 0) {
      await mkdir(this.dir, { recursive: true });
      await rm(join(this.dir, "templates.v8"), { force: true });
      await rm(join(this.dir, LATE), { force: true });
      await writeFile(join(this.dir, "templates.js"), this.scriptText());
    } else if (this.script && !this.codeCacheUsed && this.hits > 0) {
      await writeFile(join(this.dir, "templates.v8"), this.script.createCachedData());
    }
  }
}

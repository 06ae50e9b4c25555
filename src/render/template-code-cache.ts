/**
 * Compiled templates kept between runs under target/ (dbt's partial parsing idea). Parsing Jinja,
 * generating code and V8's compilation of it are most of a cold parse; an unchanged template gives the
 * same code. The cached templates of a bucket (macros, nodes) live in one script loaded with vm.Script and
 * V8's code cache, so a warm run skips nunjucks and most of V8's compile work. A bucket's script is loaded
 * on its first use: a run that reuses every node's saved results never loads the node templates.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import vm from "node:vm";
import type nunjucks from "nunjucks";
import { codeId } from "../cache/code-id.js";
import type { Project } from "../project/types.js";
import {
  compileTemplateCode,
  templateFromProps,
  type CompiledTemplate,
  type TemplateProps,
} from "./jinja-environment.js";

/**
 * Generated code depends on tform's Jinja parser and compiler (render/jinja/) and on nunjucks: a cache is
 * used only by the same code id (which changes with any of tform's files) and the same nunjucks version.
 */
const FORMAT = `tform-render-cache v3 nunjucks ${(createRequire(import.meta.url)("nunjucks/package.json") as { version: string }).version}`;

type Factories = Record<string, () => TemplateProps>;

export interface TemplateJob {
  readonly key: string;
  readonly source: string;
  readonly name: string;
}

const keyOf = (source: string, name: string): string =>
  createHash("sha1").update(name).update("\0").update(source).digest("base64url");

const readOrUndefined = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

/** Above this many templates compiled after the main script was written, save() rewrites the main script with them. */
const LATE_LIMIT = 500;

export class TemplateCodeCache {
  private readonly fresh = new Map<string, string>();
  private hits = 0;
  /** script text loaded by loadFresh() and not yet written */
  private unsaved: string | undefined;
  private indexRead = false;
  /** keys in the main script (its index file), read before deciding to load the script itself */
  private mainKeys = new Set<string>();
  private lateFactories: Factories = {};
  private script: vm.Script | undefined;
  private factories: Factories = {};
  private codeCacheUsed = false;

  private constructor(
    private readonly dir: string,
    /** file names: <bucket>.js and .v8 (the main script with V8's code cache), <bucket>.keys (its index), <bucket>-late.js (templates compiled since, kept apart so the main script keeps its code cache) */
    private readonly bucket: string,
    /** first line of every file, naming the code that wrote it */
    private readonly header: string,
  ) {}

  /** The cache of one bucket of templates (e.g. "macros", "templates") under target/render-cache/; nothing is read yet. */
  static open(project: Project, bucket: string, code: string = codeId()): TemplateCodeCache {
    return new TemplateCodeCache(
      join(project.root, project.config.targetPath, "render-cache"),
      bucket,
      `// ${FORMAT} ${code}\n`,
    );
  }

  private file(suffix: string): string {
    return join(this.dir, `${this.bucket}${suffix}`);
  }

  private readIndex(): void {
    if (this.indexRead) return;
    this.indexRead = true;
    const keys = readOrUndefined(() => readFileSync(this.file(".keys"), "utf8"));
    if (!keys?.startsWith(this.header)) return;
    this.mainKeys = new Set(keys.split("\n").slice(1).filter(Boolean));
    const late = readOrUndefined(() => readFileSync(this.file("-late.js"), "utf8"));
    if (late?.startsWith(this.header))
      this.lateFactories =
        readOrUndefined(
          () => new vm.Script(late, { filename: this.file("-late.js") }).runInThisContext() as Factories,
        ) ?? {};
  }

  /** Loads the main script: only once a template of it is wanted (~0.2 s for 10k templates). */
  private loadMain(): void {
    if (this.script || this.mainKeys.size === 0) return;
    const code = readOrUndefined(() => readFileSync(this.file(".js"), "utf8"));
    if (!code?.startsWith(this.header)) {
      this.mainKeys = new Set();
      return;
    }
    const cachedData = readOrUndefined(() => readFileSync(this.file(".v8")));
    try {
      const script = new vm.Script(code, { filename: this.file(".js"), cachedData });
      this.factories = script.runInThisContext() as Factories;
      this.script = script;
      this.codeCacheUsed = cachedData !== undefined && !script.cachedDataRejected;
    } catch {
      this.mainKeys = new Set(); // an unusable cache is an empty one
    }
  }

  private factory(key: string): (() => TemplateProps) | undefined {
    this.readIndex();
    if (Object.prototype.hasOwnProperty.call(this.lateFactories, key)) return this.lateFactories[key];
    if (!this.mainKeys.has(key)) return undefined;
    this.loadMain();
    return Object.prototype.hasOwnProperty.call(this.factories, key) ? this.factories[key] : undefined;
  }

  template(env: nunjucks.Environment, source: string, name: string): CompiledTemplate {
    const key = keyOf(source, name);
    const factory = this.factory(key);
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
    this.readIndex();
    const jobs = new Map<string, TemplateJob>();
    for (const { source, name } of templates) {
      const key = keyOf(source, name);
      if (
        !this.mainKeys.has(key) &&
        !Object.prototype.hasOwnProperty.call(this.lateFactories, key) &&
        !this.fresh.has(key)
      )
        jobs.set(key, { key, source, name });
    }
    return [...jobs.values()];
  }

  /** Code generated elsewhere (a worker thread) for a template of this run. */
  add(key: string, code: string): void {
    this.fresh.set(key, code);
  }

  private scriptText(factories: Factories, fresh: ReadonlyMap<string, string>): string {
    const entries = [
      ...Object.entries(factories).map(([k, f]) => [k, f.toString()]),
      ...[...fresh].map(([k, code]) => [k, `function(){${code}\n}`]),
    ];
    return `${this.header}({\n${entries.map(([k, f]) => `${JSON.stringify(k)}: ${f}`).join(",\n")}\n})\n`;
  }

  /**
   * Loads every template of the cache and those generated so far as the main script the next run will load,
   * so this run's save() can store V8's code cache with it: otherwise the first warm run pays for producing
   * it (~0.5 s on 10k models, measured), the slow run being the cold one anyway.
   */
  loadFresh(): void {
    if (this.fresh.size === 0) return;
    this.readIndex();
    this.loadMain();
    const text = this.scriptText({ ...this.factories, ...this.lateFactories }, this.fresh);
    const script = new vm.Script(text, { filename: this.file(".js") });
    this.factories = script.runInThisContext() as Factories;
    this.mainKeys = new Set(Object.keys(this.factories));
    this.lateFactories = {};
    this.script = script;
    this.codeCacheUsed = false;
    this.unsaved = text;
    this.fresh.clear();
  }

  /**
   * Main script loaded by loadFresh() → write it with its index and V8's code cache (later templates beside
   * it); a few new templates → add them to the late script, leaving the main one and its code cache as they
   * are; no new templates and no usable code cache → store V8's code cache now.
   */
  async save(): Promise<void> {
    if (
      this.fresh.size > 0 &&
      this.unsaved === undefined &&
      Object.keys(this.lateFactories).length + this.fresh.size > LATE_LIMIT
    )
      this.loadFresh();
    if (this.unsaved !== undefined && this.script) {
      await mkdir(this.dir, { recursive: true });
      await writeFile(this.file(".js"), this.unsaved);
      await writeFile(this.file(".v8"), this.script.createCachedData());
      await writeFile(this.file(".keys"), `${this.header}${[...this.mainKeys].join("\n")}\n`);
      if (this.fresh.size > 0) await writeFile(this.file("-late.js"), this.scriptText({}, this.fresh));
      else await rm(this.file("-late.js"), { force: true });
    } else if (this.fresh.size > 0) {
      await mkdir(this.dir, { recursive: true });
      await writeFile(this.file("-late.js"), this.scriptText(this.lateFactories, this.fresh));
      if (this.mainKeys.size === 0) await writeFile(this.file(".keys"), this.header);
    } else if (this.script && !this.codeCacheUsed && this.hits > 0) {
      await writeFile(this.file(".v8"), this.script.createCachedData());
    }
  }
}

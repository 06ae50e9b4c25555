/**
 * Jinja in YAML values (dbt_project.yml, profiles.yml, sources): `{{ var('x', false) }}`, `{{ env_var('X', 'd') }}`,
 * `{{ target.name }}`. Rendered with a small nunjucks environment of its own; a value that renders to a boolean,
 * number or none becomes that type, as dbt's native rendering does.
 */
import nunjucks from "nunjucks";
import { ProjectError, SECRET_ENV_PREFIX, type SourceLocation } from "../errors.js";
import { ProjectCode } from "./project-code.js";
import type { TargetView } from "./target-view.js";

export interface YamlJinjaContext {
  /** vars visible to var(): --vars first, then the given project vars */
  readonly cliVars: Readonly<Record<string, unknown>>;
  readonly projectVars: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  /** dbt's `target` (name, schema, database, …); `{ name: "" }` when the profile is not read yet */
  readonly target?: TargetView;
  /** profiles.yml (and packages.yml): the only files where dbt lets env_var() read DBT_ENV_SECRET_* variables */
  readonly secretsAllowed?: boolean;
}

const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** dbt's refusal of a secret env var outside profiles.yml (shared with the model renderer) */
export const secretEnvVarRefused = (name: string): string =>
  `secret env vars (${SECRET_ENV_PREFIX}_…) are allowed only in profiles.yml or packages.yml, as in dbt; env_var('${name}') reads one.`;

/** what to do with a secret env var read where dbt refuses it (shared with the model renderer) */
export const SECRET_ENV_HINT =
  "Read secrets in profiles.yml (the target's password or token); a value that is not secret needs a name without the DBT_ENV_SECRET prefix.";

export const hasJinja = (s: string): boolean => s.includes("{{") || s.includes("{%");

/** Jinja that needs a node or the database (`{{ this }}`, ref(), a macro…) is left raw for render/ to resolve per node; `target.schema` is an attribute, not `schema`. */
const NODE_JINJA =
  /(?<![.\w])(this|model|config|ref|source|adapter|run_query|run_started_at|invocation_id|schema|database|exceptions|log|return|modules)\b/;
const deferred = (s: string): boolean =>
  [...s.matchAll(/\{[{%]([\s\S]*?)[}%]\}/g)].some((m) => NODE_JINJA.test(m[1]!.replace(/(['"])(?:(?!\1).)*\1/g, "")));

/** Renders one string; `where` locates errors (the YAML key that holds the string). */
export function renderYamlString(text: string, ctx: YamlJinjaContext, where: SourceLocation): unknown {
  if (!hasJinja(text) || deferred(text)) return text;
  let thrown: ProjectError | undefined;
  const fail = (e: ProjectError): never => {
    thrown = e;
    throw e;
  };
  const globals = {
    var: (name: string, ...rest: unknown[]) => {
      if (has(ctx.cliVars, name)) return ctx.cliVars[name];
      if (has(ctx.projectVars, name)) return ctx.projectVars[name];
      if (rest.length > 0) return rest[0];
      return fail(
        new ProjectError(
          ProjectCode.missingVar,
          `var('${name}') in ${where.file}:${where.line ?? "?"} is not defined and has no default.`,
          {
            location: where,
            hint: `Define ${name} under vars: in dbt_project.yml, pass --vars '{"${name}": …}', or give a default: var('${name}', value).`,
          },
        ),
      );
    },
    env_var: (name: string, ...rest: unknown[]) => {
      if (name.startsWith(SECRET_ENV_PREFIX) && !ctx.secretsAllowed)
        return fail(
          new ProjectError(
            ProjectCode.secretEnvVar,
            `${where.file}:${where.line ?? "?"}: ${secretEnvVarRefused(name)}`,
            { location: where, hint: SECRET_ENV_HINT },
          ),
        );
      const value = ctx.env[name];
      if (value !== undefined) return value;
      if (rest.length > 0) return rest[0];
      return fail(
        new ProjectError(
          ProjectCode.missingEnvVar,
          `The environment variable ${name} used in ${where.file}:${where.line ?? "?"} is not set and has no default.`,
          {
            location: where,
            hint: `Set it (export ${name}=…) or give a default: env_var('${name}', 'value').`,
          },
        ),
      );
    },
    target: ctx.target ?? { name: "" },
  };
  let rendered: string;
  try {
    rendered = env.renderString(text, globals);
  } catch (e) {
    if (thrown) throw thrown;
    throw new ProjectError(
      ProjectCode.jinjaInYaml,
      `Cannot render the Jinja in ${where.file}:${where.line ?? "?"}: ${String((e as Error).message ?? e).replace(/\s+/g, " ")}`,
      {
        location: where,
        hint: "YAML values support var(), env_var() and target (name, schema, database, …); check the braces and quotes.",
        cause: e,
      },
    );
  }
  return nativeValue(rendered);
}

/** dbt renders YAML values natively: "True"/"false" → boolean, "42" → number, "None" → null. */
export function nativeValue(text: string): unknown {
  const t = text.trim();
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === "true";
  if (/^-?\d+(\.\d+)?$/.test(t) && t.length < 16) return Number(t);
  if (t === "None" || t === "none") return null;
  return text;
}

/**
 * Renders every string below `value`, except under keys in `skip` (hooks and vars are rendered later, at run time).
 * `locate` maps a path to its YAML location for errors.
 */
export function renderYamlTree(
  value: unknown,
  ctx: YamlJinjaContext,
  locate: (path: readonly (string | number)[]) => SourceLocation,
  skip: ReadonlySet<string>,
  path: (string | number)[] = [],
): unknown {
  if (typeof value === "string") return hasJinja(value) ? renderYamlString(value, ctx, locate(path)) : value;
  if (Array.isArray(value)) return value.map((v, i) => renderYamlTree(v, ctx, locate, skip, [...path, i]));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = skip.has(k) ? v : renderYamlTree(v, ctx, locate, skip, [...path, k]);
    return out;
  }
  return value;
}

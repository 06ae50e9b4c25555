/**
 * A relation as templates see it, with dbt-core's BaseRelation behaviour as dbt-trino configures it: a path of
 * database (Trino catalog), schema and identifier, any of which may be none; a type (table, view, cte…); which
 * parts render and which are quoted. Values are immutable: include/quote/incorporate return new relations.
 */
import type { Relation } from "../project/types.js";
import { splitArgs } from "./call-args.js";

export const quoteIdentifier = (part: string): string => `"${part.replaceAll('"', '""')}"`;

type Part = string | null;
const PARTS = ["database", "schema", "identifier"] as const;
type PartName = (typeof PARTS)[number];
type Policy = Readonly<Record<PartName, boolean>>;

const EVERY_PART: Policy = { database: true, schema: true, identifier: true };

/** dbt's add_ephemeral_prefix: the CTE name an ephemeral model renders as */
export const EPHEMERAL_PREFIX = "__dbt__cte__";

export interface RelationParts {
  readonly database?: Part;
  readonly schema?: Part;
  readonly identifier?: Part;
  readonly type?: Part;
}

const part = (v: unknown): Part => (v === undefined || v === null ? null : String(v));

/** Policy flags given as keyword arguments (`include(database=false)`); absent or none keeps the current flag. */
function withFlags(policy: Policy, args: readonly unknown[]): Policy {
  const { positional, kwargs } = splitArgs(args);
  const out = { ...policy };
  PARTS.forEach((name, i) => {
    const v = i < positional.length ? positional[i] : kwargs[name];
    if (typeof v === "boolean") out[name] = v;
  });
  return out;
}

export class RelationValue {
  // nunjucks' Jinja compatibility treats plain objects as dicts (its own get/items/keys); this is not one
  readonly [Symbol.toStringTag] = "TrinoRelation";

  constructor(
    readonly database: Part,
    readonly schema: Part,
    readonly identifier: Part,
    readonly type: Part = null,
    readonly include_policy: Policy = EVERY_PART,
    readonly quote_policy: Policy = EVERY_PART,
  ) {}

  /** dbt's Relation.create: empty parts are none. */
  static create(p: RelationParts): RelationValue {
    return new RelationValue(part(p.database), part(p.schema), part(p.identifier), part(p.type));
  }

  static of(r: Relation | RelationValue): RelationValue {
    return r instanceof RelationValue
      ? r
      : RelationValue.create({
          database: r.database || null,
          schema: r.schema || null,
          identifier: r.identifier || null,
        });
  }

  /** dbt's create_ephemeral_from: a CTE named after the model, rendered unquoted and without database or schema */
  static ephemeral(name: string): RelationValue {
    return RelationValue.cte(`${EPHEMERAL_PREFIX}${name}`);
  }

  /** A CTE by its full name, rendered unquoted (an ephemeral model, a unit test's fixture) */
  static cte(name: string): RelationValue {
    return new RelationValue(null, null, name, "cte", EVERY_PART, { ...EVERY_PART, identifier: false });
  }

  get name(): Part {
    return this.identifier;
  }
  get table(): Part {
    return this.identifier;
  }
  get path(): Readonly<Record<PartName, Part>> {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }
  get is_table(): boolean {
    return this.type === "table";
  }
  get is_view(): boolean {
    return this.type === "view";
  }
  get is_cte(): boolean {
    return this.type === "cte";
  }
  get is_materialized_view(): boolean {
    return this.type === "materialized_view";
  }
  /** what dbt's relation.get('metadata') answers; dbt_utils checks that its type ends with "Relation" */
  get metadata(): Readonly<Record<string, string>> {
    return { type: "TrinoRelation" };
  }

  /** dbt relations are read like dicts too: relation.get('identifier'), relation.get('metadata', {}) */
  get(key: string, fallback: unknown = null): unknown {
    const v = (this as unknown as Record<string, unknown>)[key];
    return v === undefined || typeof v === "function" ? fallback : v;
  }

  include(...args: unknown[]): RelationValue {
    return new RelationValue(
      this.database,
      this.schema,
      this.identifier,
      this.type,
      withFlags(this.include_policy, args),
      this.quote_policy,
    );
  }

  quote(...args: unknown[]): RelationValue {
    return new RelationValue(
      this.database,
      this.schema,
      this.identifier,
      this.type,
      this.include_policy,
      withFlags(this.quote_policy, args),
    );
  }

  /** dbt's incorporate(path={…}, type=…): the same relation with some path parts or the type replaced */
  incorporate(...args: unknown[]): RelationValue {
    const { kwargs } = splitArgs(args);
    const path = (kwargs.path ?? {}) as Record<string, unknown>;
    const pick = (name: PartName): Part => (name in path ? part(path[name]) : this[name]);
    const type = "type" in kwargs ? part(kwargs.type) : this.type;
    return new RelationValue(
      pick("database"),
      pick("schema"),
      pick("identifier"),
      type,
      this.include_policy,
      this.quote_policy,
    );
  }

  without_identifier(): RelationValue {
    return new RelationValue(
      this.database,
      this.schema,
      null,
      this.type,
      { ...this.include_policy, identifier: false },
      this.quote_policy,
    );
  }

  /** dbt's information_schema(): `"catalog".INFORMATION_SCHEMA`, the schema left out */
  information_schema(): RelationValue {
    return new RelationValue(
      this.database,
      null,
      "INFORMATION_SCHEMA",
      "view",
      { database: this.database !== null, schema: false, identifier: true },
      { ...this.quote_policy, identifier: false },
    );
  }

  render(): string {
    return PARTS.flatMap((name) => {
      const value = this[name];
      if (!this.include_policy[name] || value === null) return [];
      return [this.quote_policy[name] ? quoteIdentifier(value) : value];
    }).join(".");
  }

  toString(): string {
    return this.render();
  }
}

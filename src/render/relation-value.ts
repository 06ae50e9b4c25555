/** A relation as templates see it: renders as "catalog"."schema"."table" (Trino quoting), with dbt's attributes. */
import type { Relation } from "../project/types.js";
import { splitArgs } from "./call-args.js";

export const quoteIdentifier = (part: string): string => `"${part.replaceAll('"', '""')}"`;

export function renderRelation(r: Relation): string {
  return [r.database, r.schema, r.identifier].filter((p) => p !== "").map(quoteIdentifier).join(".");
}

export class RelationValue implements Relation {
  constructor(
    readonly database: string,
    readonly schema: string,
    readonly identifier: string,
    /** set for ephemeral models: the CTE name the relation renders as */
    readonly cteName?: string,
  ) {}

  static of(r: Relation): RelationValue {
    return r instanceof RelationValue ? r : new RelationValue(r.database, r.schema, r.identifier);
  }

  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  get is_cte(): boolean {
    return this.cteName !== undefined;
  }

  /** dbt's relation.include(database=False, …): which parts to render. */
  include(...args: unknown[]): RelationValue {
    const { kwargs } = splitArgs(args);
    return new RelationValue(
      kwargs.database === false ? "" : this.database,
      kwargs.schema === false ? "" : this.schema,
      kwargs.identifier === false ? "" : this.identifier,
      this.cteName,
    );
  }

  render(): string {
    return this.toString();
  }

  toString(): string {
    return this.cteName ?? renderRelation(this);
  }
}

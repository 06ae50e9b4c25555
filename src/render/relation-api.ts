/** `api.Relation`: dbt's relation class as templates use it (create, the type names, the ephemeral prefix). */
import { RenderError } from "../errors.js";
import { argAt, splitArgs } from "./call-args.js";
import { RenderCode } from "./render-error.js";
import { EPHEMERAL_PREFIX, RelationValue } from "./relation-value.js";

/** dbt's RelationType values */
const RELATION_TYPES = ["table", "view", "cte", "materialized_view", "external", "pointer_table", "function"] as const;

export const relationApi = {
  Table: "table",
  View: "view",
  CTE: "cte",
  MaterializedView: "materialized_view",
  External: "external",
  /** `api.Relation.create(database=…, schema=…, identifier=…, type=…)`; parts left out are none */
  create: (...args: unknown[]): RelationValue => {
    const call = splitArgs(args);
    const at = (i: number, name: string) => argAt(call, i, name) as string | null | undefined;
    return RelationValue.create({
      database: at(0, "database"),
      schema: at(1, "schema"),
      identifier: at(2, "identifier"),
      type: at(3, "type"),
    });
  },
  add_ephemeral_prefix: (name: unknown): string => `${EPHEMERAL_PREFIX}${String(name)}`,
  /** dbt's RelationType(value), as dbt-trino's drop_schema reads listed types */
  get_relation_type: (value: unknown): string => {
    const type = String(value);
    if ((RELATION_TYPES as readonly string[]).includes(type)) return type;
    throw new RenderError(RenderCode.compilerError, `'${type}' is not a relation type.`, {
      hint: `Use one of ${RELATION_TYPES.join(", ")}.`,
    });
  },
};

/**
 * A column as templates see it (`api.Column`, what get_columns_in_relation returns), with dbt-trino's TrinoColumn
 * behaviour: dbt-core's Column where 'string' means varchar, 'float' double, and a varchar without a size stays
 * unbounded.
 */
import { RenderError } from "../errors.js";
import { RenderCode } from "./render-error.js";

/** TrinoColumn.TYPE_LABELS: dbt's portable type names that differ on Trino */
const TYPE_LABELS: Readonly<Record<string, string>> = { STRING: "VARCHAR", FLOAT: "DOUBLE" };
/** Trino's largest varchar length (VarcharType.MAX_LENGTH), the size of an unbounded varchar */
const VARCHAR_MAX_LENGTH = 2147483646;

const STRING_TYPES = ["varchar", "char"];
const FLOAT_TYPES = ["real", "double precision", "double"];
const INTEGER_TYPES = ["tinyint", "smallint", "integer", "int", "bigint"];

const py = (v: unknown): string => (v === null ? "None" : typeof v === "string" ? `'${v}'` : String(v));

export class ColumnValue {
  readonly [Symbol.toStringTag] = "TrinoColumn";

  constructor(
    readonly column: string,
    readonly dtype: string,
    readonly char_size: number | null = null,
    readonly numeric_precision: number | null = null,
    readonly numeric_scale: number | null = null,
  ) {}

  static translate_type(dtype: string): string {
    return TYPE_LABELS[String(dtype).toUpperCase()] ?? String(dtype);
  }

  static string_type(size: number): string {
    return `varchar(${size})`;
  }

  static numeric_type(dtype: string, precision: unknown, scale: unknown): string {
    return precision === null || precision === undefined || scale === null || scale === undefined
      ? dtype
      : `${dtype}(${String(precision)},${String(scale)})`;
  }

  /** TrinoColumn.from_description: sizes are read only for varchar, char and decimal; other types stay as Trino wrote them. */
  static from_description(name: string, raw: string): ColumnValue {
    if (!/^(varchar|char|decimal)/i.test(raw)) return new ColumnValue(name, raw);
    const match = /^([^(]+)(\([^)]+\))?([\w ]+)?/.exec(raw);
    if (!match)
      throw new RenderError(RenderCode.compilerError, `Could not interpret data type "${raw}".`, {
        hint: "Column types come from Trino's information_schema.columns.",
      });
    const type = match[1]! + (match[3] ?? "");
    const sizes = match[2]
      ?.slice(1, -1)
      .split(",")
      .map((s) => {
        const n = Number.parseInt(s, 10);
        if (Number.isNaN(n))
          throw new RenderError(
            RenderCode.compilerError,
            `Could not interpret data type "${raw}": could not convert "${s}" to an integer.`,
            { hint: "Column types come from Trino's information_schema.columns." },
          );
        return n;
      });
    if (sizes?.length === 1) return new ColumnValue(name, type, sizes[0]!);
    if (sizes?.length === 2) return new ColumnValue(name, type, null, sizes[0]!, sizes[1]!);
    return new ColumnValue(name, type);
  }

  get name(): string {
    return this.column;
  }
  get quoted(): string {
    return `"${this.column}"`;
  }
  get data_type(): string {
    if (this.is_string())
      return this.char_size === null && this.dtype.toLowerCase() === "varchar"
        ? this.dtype
        : ColumnValue.string_type(this.string_size());
    if (this.is_numeric()) return ColumnValue.numeric_type(this.dtype, this.numeric_precision, this.numeric_scale);
    return this.dtype;
  }
  get expanded_data_type(): string {
    return this.data_type;
  }

  is_string(): boolean {
    return STRING_TYPES.includes(this.dtype.toLowerCase());
  }
  is_float(): boolean {
    return FLOAT_TYPES.includes(this.dtype.toLowerCase());
  }
  is_integer(): boolean {
    return INTEGER_TYPES.includes(this.dtype.toLowerCase());
  }
  is_numeric(): boolean {
    return this.dtype.toLowerCase() === "decimal";
  }
  is_number(): boolean {
    return this.is_integer() || this.is_numeric() || this.is_float();
  }

  string_size(): number {
    if (!this.is_string())
      throw new RenderError(
        RenderCode.compilerError,
        `string_size() was called on the non-string column ${this.column} (${this.dtype}).`,
        { hint: "Check column.is_string() first." },
      );
    if (this.char_size === null) return this.dtype.toLowerCase() === "varchar" ? VARCHAR_MAX_LENGTH : 256;
    return this.char_size;
  }

  can_expand_to(other: ColumnValue): boolean {
    return this.is_string() && other.is_string() && other.string_size() > this.string_size();
  }

  /** dbt-core's literal(): a Postgres-style cast, which Trino rejects as dbt-trino does */
  literal(value: unknown): string {
    return `${String(value)}::${this.data_type}`;
  }

  toString(): string {
    return `TrinoColumn(column=${py(this.column)}, dtype=${py(this.dtype)}, char_size=${py(this.char_size)}, numeric_precision=${py(this.numeric_precision)}, numeric_scale=${py(this.numeric_scale)})`;
  }
}

/**
 * `api.Column`: the class methods of dbt's Column. Not callable as `api.Column(name, type)`: member lookup in
 * templates hands back functions as fresh bound wrappers without their attributes, so a callable api.Column would
 * lose translate_type and the rest, which packages use far more often; use api.Column.create(name, type).
 */
export const columnApi = {
  translate_type: (dtype: string) => ColumnValue.translate_type(dtype),
  create: (name: string, labelOrType: string) => new ColumnValue(String(name), ColumnValue.translate_type(labelOrType)),
  string_type: (size: number) => ColumnValue.string_type(size),
  numeric_type: (dtype: string, precision: unknown, scale: unknown) =>
    ColumnValue.numeric_type(dtype, precision, scale),
  from_description: (name: string, raw: string) => ColumnValue.from_description(String(name), String(raw)),
};

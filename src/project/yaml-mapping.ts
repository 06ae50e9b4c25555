/** A command-line option holding a YAML (or JSON) mapping, as dbt's --vars and --args. */
import { ProjectError } from "../errors.js";

export interface MappingOption {
  /** e.g. "--vars" */
  readonly flag: string;
  readonly code: string;
  /** an example value for the hint, e.g. `'{table: orders, days: 7}'` */
  readonly example: string;
}

export async function parseYamlMapping(
  text: string | undefined,
  option: MappingOption,
): Promise<Record<string, unknown>> {
  if (text === undefined || text.trim() === "") return {};
  const { parse } = await import("yaml");
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new ProjectError(
      option.code,
      `${option.flag} is not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`,
      { hint: `Pass a mapping, e.g. ${option.flag} ${option.example}.` },
    );
  }
  if (value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new ProjectError(option.code, `${option.flag} must be a mapping of names to values.`, {
      hint: `e.g. ${option.flag} ${option.example}`,
    });
  return value as Record<string, unknown>;
}

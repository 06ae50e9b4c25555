/** `--select` / `--exclude` / `--resource-type` as every node-taking command spells them (dbt's flags). */
import { Option, type Command } from "commander";
import type { ResourceType } from "../project/types.js";
import type { CommandContext } from "./command-context.js";

export interface SelectionFlags {
  readonly select?: string[];
  /** dbt's older spelling of --select */
  readonly models?: string[];
  readonly exclude?: string[];
  readonly resourceType?: ResourceType[];
}

export function addSelectionOptions(cmd: Command, options: { resourceTypes?: boolean } = {}): Command {
  cmd
    .option(
      "-s, --select <selector...>",
      "nodes to include: name, +name, name+, @name, tag:x, path:dir, config.materialized:table, … (space = union, comma = intersection)",
    )
    .option("-m, --models <selector...>", "the same as --select (dbt's older name for it)")
    .option("--exclude <selector...>", "nodes to leave out, same syntax as --select");
  if (options.resourceTypes) {
    cmd.addOption(
      new Option("--resource-type <type...>", "only these resource types").choices([
        "model",
        "seed",
        "snapshot",
        "source",
        "test",
      ]),
    );
  }
  return cmd;
}

/** --select and --models together, as dbt takes either; undefined when neither was given (select everything). */
export function selectorsOf(flags: SelectionFlags): string[] | undefined {
  return flags.select || flags.models ? [...(flags.select ?? []), ...(flags.models ?? [])] : undefined;
}

/** Options for selectNodes / compileProject, plus a stderr warning for selectors that match nothing. */
export function selectionFrom(flags: SelectionFlags, ctx: CommandContext) {
  const select = selectorsOf(flags);
  return {
    ...(select ? { select } : {}),
    ...(flags.exclude ? { exclude: flags.exclude } : {}),
    ...(flags.resourceType ? { resourceTypes: flags.resourceType } : {}),
    onUnmatched: (selector: string) => ctx.warn(`Warning: the selector "${selector}" does not match any enabled node.`),
  };
}

/** Library options naming the project, from the global flags. */
export function projectOptionsFrom(ctx: CommandContext) {
  return {
    projectDir: ctx.projectDir,
    vars: ctx.vars,
    env: ctx.io.env,
    partialParse: ctx.partialParse,
    ...(ctx.profilesDir !== undefined ? { profilesDir: ctx.profilesDir } : {}),
    ...(ctx.target !== undefined ? { targetName: ctx.target } : {}),
  };
}

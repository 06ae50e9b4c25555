/** `tform build --branch dev`: seeds, models and their tests in one DAG walk, same flags as run. */
import type { Command } from "commander";
import { configureRunCommand } from "./run.js";

export function configure(cmd: Command): void {
  configureRunCommand(cmd, "build");
}

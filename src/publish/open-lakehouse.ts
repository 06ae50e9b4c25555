/** The catalog and engine a publish-side command talks to, from the profile target. */
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { registerSecret } from "../errors.js";
import { noBranchesError } from "./references.js";
import type { Target } from "../project/types.js";

export async function openCatalog(target: Target, command: string): Promise<Catalog> {
  if (!target.nessie) throw noBranchesError(command);
  registerSecret(target.nessie.token);
  const { NessieCatalog } = await import("../catalog/nessie/nessie-catalog.js");
  return new NessieCatalog({ uri: target.nessie.uri, token: target.nessie.token });
}

export async function openEngine(target: Target): Promise<Engine> {
  registerSecret(target.password);
  registerSecret(target.jwtToken);
  const { TrinoEngine } = await import("../engine/trino/trino-engine.js");
  return TrinoEngine.fromTarget(target);
}

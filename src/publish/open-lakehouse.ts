/** The catalog, engine and view binder a command talks to, from the profile target: the one place that opens the adapters. */
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { registerSecret } from "../errors.js";
import { DEFAULT_HTTP_TIMEOUTS } from "../http-timeouts.js";
import { noBranchesError } from "./references.js";
import type { Target } from "../project/types.js";
import { icebergUriFromNessieUri, mergeWithViewsBound } from "../catalog/nessie/rest-view-binding.js";
import type { ViewBinder } from "./view-binder.js";

export async function openCatalog(target: Target, command: string): Promise<Catalog> {
  if (!target.nessie) throw noBranchesError(command);
  registerSecret(target.nessie.token);
  const { NessieCatalog } = await import("../catalog/nessie/nessie-catalog.js");
  const { pingNessie } = await import("../catalog/nessie/nessie-http.js");
  const options = {
    uri: target.nessie.uri,
    token: target.nessie.token,
    ...(target.timeouts ? { timeoutMs: target.timeouts.responseTimeoutMs } : {}),
  };
  await pingNessie(options, (target.timeouts ?? DEFAULT_HTTP_TIMEOUTS).connectTimeoutMs);
  return new NessieCatalog(options);
}

export async function openEngine(target: Target): Promise<Engine> {
  registerSecret(target.password);
  registerSecret(target.jwtToken);
  const { TrinoEngine } = await import("../engine/trino/trino-engine.js");
  const engine = TrinoEngine.fromTarget(target);
  // a down or hung Trino is found here, in seconds, before a branch is created or anything is written
  await engine.ping();
  return engine;
}

/** The binder for a target in REST mode; undefined in native mode, which has no views. */
export function viewBinderFor(
  catalog: Catalog,
  target: Pick<Target, "catalog" | "nessie" | "branchCatalog">,
): ViewBinder | undefined {
  const nessie = target.nessie;
  if (target.branchCatalog?.mode !== "rest" || !nessie) return undefined;
  return (tested, views, merge) =>
    mergeWithViewsBound(
      catalog,
      {
        icebergUri: icebergUriFromNessieUri(nessie.uri),
        token: nessie.token,
        catalog: target.catalog,
        tested,
        only: views,
      },
      merge,
    );
}

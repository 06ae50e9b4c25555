import { NessieHttp, refPath, type NessieHttpOptions } from "./nessie-http.js";

interface WireRef {
  name: string;
  hash: string;
}

/**
 * Gives a fresh Nessie's default branch one commit. Verified on 0.99.0: a branch created from a main
 * without commits cannot be merged back ("No common ancestor"). Adds and then removes a placeholder
 * namespace, so main ends up with history but no content. Returns whether it committed.
 */
export async function ensureMainHasCommit(options: NessieHttpOptions): Promise<boolean> {
  const http = new NessieHttp(options);
  const config = await http.request<{ defaultBranch: string; noAncestorHash?: string }>("GET", "config");
  const main = (await http.request<{ reference: WireRef }>("GET", `trees/${refPath(config.defaultBranch)}`)).reference;
  if (!config.noAncestorHash || main.hash !== config.noAncestorHash) return false;
  const key = { elements: ["tform_init"] };
  const meta = { message: "tform: first commit, so branches have a common ancestor with main" };
  const put = await http.request<{ targetBranch: WireRef }>(
    "POST",
    `trees/${refPath(main.name, main.hash)}/history/commit`,
    {
      commitMeta: meta,
      operations: [{ type: "PUT", key, content: { type: "NAMESPACE", elements: key.elements } }],
    },
  );
  await http.request("POST", `trees/${refPath(main.name, put.targetBranch.hash)}/history/commit`, {
    commitMeta: meta,
    operations: [{ type: "DELETE", key }],
  });
  return true;
}

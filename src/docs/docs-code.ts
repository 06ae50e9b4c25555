/** Stable codes of the errors `tform docs generate` and `tform docs serve` raise (TF73x). */
export const DocsCode = {
  /** a description calls doc() with a name no {% docs %} block has */
  unknownDoc: "TF730",
  /** docs serve: target/docs/index.html does not exist yet */
  noSite: "TF731",
  /** docs serve: the port cannot be listened on (in use, or not allowed) */
  cannotListen: "TF732",
  /** the page's script could not be bundled: a bug or a broken install of tform */
  bundleFailed: "TF733",
} as const;

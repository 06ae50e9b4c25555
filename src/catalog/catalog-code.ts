/** Stable codes of CatalogErrors raised by catalog/ (TF60x): the versioned catalog and its references. */
export const CatalogCode = {
  /** the catalog failed a request for another reason (its message says which) */
  failed: "TF600",
  unknownReference: "TF601",
  /** a reference moved since it was read: a concurrent change, or a stale expected hash */
  referenceMoved: "TF602",
  /** a merge conflicts; the error names the tables */
  conflict: "TF603",
  unreachable: "TF604",
  noCommonAncestor: "TF605",
  referenceExists: "TF606",
  unauthorized: "TF607",
} as const;

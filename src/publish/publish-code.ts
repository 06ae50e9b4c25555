/** Stable codes of the refusals of publish/ (TF62x): publish, rollback, diff, history and show. */
export const PublishCode = {
  /** the branch moved since its tests ran (a TestFailureError: publish refused) */
  movedSinceTested: "TF620",
  /** the tested hash holds stored test failures, which never go to main */
  storedFailures: "TF621",
  /** the merge landed but the release tag could not be created */
  tagFailed: "TF622",
  /** the catalog has no branches (or the target no branch_catalog) */
  noBranches: "TF623",
  intoItself: "TF624",
  noEarlierRelease: "TF625",
  noCommitAtTime: "TF626",
  snapshotNotOnBranch: "TF627",
  /** a commit hash where this catalog mode reads only branches and tags */
  hashNotReadable: "TF628",
} as const;

/** Stable codes of PlanErrors (TF41x) and of the ExecutionErrors raised by execute/ (TF51x–TF52x). */
export const PlanCode = {
  /** a view in a catalog mode that cannot hold views */
  viewUnsupported: "TF410",
  badProperty: "TF411",
  badStrategy: "TF412",
  badPartitionTransform: "TF413",
  missingUniqueKey: "TF414",
  /** the run would write to the main branch */
  writesToMain: "TF415",
  /** --branch on a catalog without branches, or a branching target without --branch */
  branchMismatch: "TF416",
  unknownFromRef: "TF417",
  badOnSchemaChange: "TF418",
  badSeed: "TF419",
  badMaterialization: "TF420",
  /** two models give one schema different schema_location values */
  schemaLocationConflict: "TF421",
  /** warning: a table's own `location` in REST mode, where Nessie places tables under their schema's location */
  tableLocationIgnored: "TF422",
} as const;

export const ExecuteCode = {
  /** a statement of a model, seed or hook failed on the engine */
  statementFailed: "TF510",
  /** the new rows' columns differ from the table's and on_schema_change is fail */
  schemaChanged: "TF511",
  cancelled: "TF512",
  /** an error that is not a TformError (a bug or an engine outside the family) */
  unexpected: "TF513",
  /** a table's configured location differs from where it already is */
  locationMoved: "TF514",
  /** tform retry found no run_results.json it can rerun */
  nothingToRetry: "TF515",
  /** a unit test input's relation does not exist, so its rows cannot be typed (dbt's "Not able to get columns") */
  unitTestInputMissing: "TF550",
  /** a unit test's rows name a column the relation (or the model's result) does not have */
  unitTestUnknownColumn: "TF551",
  /** a unit test's query failed on the engine */
  unitTestFailed: "TF552",
} as const;

import { FILE_SYSTEM_CODE } from "../errors.js";

/** Stable codes of loader errors (TF1xx) and loader warnings (TF15x–TF16x). */
export const ProjectCode = {
  yamlSyntax: "TF101",
  noProjectFile: "TF102",
  missingPath: "TF103",
  duplicateName: "TF105",
  invalidConfig: "TF106",
  invalidProjectFile: "TF107",
  invalidProperties: "TF108",
  missingVar: "TF109",
  noProfilesFile: "TF110",
  unknownProfile: "TF111",
  unknownTarget: "TF112",
  invalidProfile: "TF113",
  missingEnvVar: "TF114",
  jinjaInYaml: "TF115",
  /** a command names a model or seed the project does not have */
  unknownNode: "TF116",
  /** --vars is not a YAML or JSON mapping */
  invalidVars: "TF117",
  /** run-operation's --args is not a YAML mapping */
  invalidMacroArgs: "TF130",
  /** packages.yml / dependencies.yml is not a list of packages */
  invalidPackagesFile: "TF131",
  /** a hub or git package is not vendored into the packages folder (tform downloads nothing) */
  packageNotInstalled: "TF132",
  /** a `local:` package folder without a dbt_project.yml */
  localPackageMissing: "TF133",
  /** clean-targets names a folder outside the project or a source folder */
  cleanRefused: "TF134",
  /** a project file (model, YAML, macro, seed) holds a byte that is not UTF-8 */
  invalidUtf8: "TF135",
  /** a file or folder tform must write (target/, packages) cannot be: permissions, read-only, full disk, a file in the way */
  fileSystem: FILE_SYSTEM_CODE,
  /** env_var('DBT_ENV_SECRET_…') outside profiles.yml and packages.yml (dbt refuses it there too) */
  secretEnvVar: "TF137",
  /** a secret-named branch_catalog property read with env_var(): it would travel in the text of CREATE CATALOG */
  secretInCatalogSql: "TF138",
  /** a `{% docs %}` block without its `{% enddocs %}` */
  unclosedDocs: "TF139",
  /** a `unit_tests:` entry that is not what dbt accepts (no model, no expect, rows not in their format, …) */
  invalidUnitTest: "TF165",
  /** a unit test names a model the project does not have */
  unitTestUnknownModel: "TF166",
  /** a unit test's `fixture:` names no file under <test-path>/fixtures/ */
  unitTestFixtureMissing: "TF167",
  /** two unit tests of one model share a name */
  duplicateUnitTest: "TF168",
  /** a `given:` input that is not ref(…), source(…) or this, or names a node the project does not have */
  unitTestBadInput: "TF169",
} as const;

export const ProjectWarning = {
  duplicateKey: "TF150",
  unknownKey: "TF151",
  ignoredSection: "TF152",
  unknownNode: "TF153",
  packageNotVendored: "TF155",
  dbtVersion: "TF156",
  /** no models, seeds or tests: every command has nothing to do (dbt runs such a project too) */
  emptyProject: "TF157",
  /** a key tform accepts but does not act on yet (contract, grants, on-run-start, …), with its line */
  notActedOn: "TF158",
} as const;

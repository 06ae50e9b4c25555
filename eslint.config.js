// Lint rules that keep the architecture true (README, Layout): no import cycles; Trino's and Nessie's wire code is
// reached only through engine/ and catalog/ factories; nothing below cli/ prints.
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "bench/**", "**/*.js", "**/*.mjs"] },
  {
    files: ["src/**/*.ts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: false } },
    plugins: { "@typescript-eslint": tseslint.plugin, "import-x": importX },
    // sources import each other as .js (Node ESM); the files are .ts
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensionAlias: { ".js": [".ts", ".js"] } })],
      "import-x/extensions": [".ts"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
  },
  {
    // only the adapters (and the factories that open them) import Trino's and Nessie's wire code
    files: ["src/**/*.ts"],
    // index.ts is the library's public surface, which exports the adapters themselves
    ignores: ["src/engine/**", "src/catalog/**", "src/publish/open-lakehouse.ts", "src/sandbox/**", "src/index.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/engine/trino/*", "**/catalog/nessie/*"],
              message:
                "Trino and Nessie sit behind engine/ and catalog/: use their interfaces (openEngine, openCatalog).",
            },
          ],
        },
      ],
    },
  },
  {
    // printing belongs to the CLI: the library returns values and throws TformErrors
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "stdout" },
        { object: "process", property: "stderr" },
      ],
    },
  },
);

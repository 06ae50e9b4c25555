import { defineConfig } from "vitest/config";

/**
 * Two projects: `unit` (fast, no servers) and `integration` (the real Trino + Nessie of `tform sandbox`,
 * started once per run by its global setup). `npm test` runs both; `npm run test:unit` only the first.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/integration/**", "test/conformance/**", "test/faults/**", "**/node_modules/**", "**/dist/**"],
        },
      },
      {
        test: {
          name: "integration",
          // test/conformance/: dbt's adapter conformance scenarios; test/faults/: servers failing mid-command
          include: ["test/integration/**/*.test.ts", "test/conformance/**/*.test.ts", "test/faults/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          // one Trino on 2 cores: files in parallel would only queue up behind each other
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "domain",
          include: ["test/domain/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "cli",
          include: ["test/cli/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "server",
          include: ["test/server/**/*.test.ts"],
          environment: "node",
          globalSetup: ["./test/harness/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // the machine has 2 cores and every file gets its own database
          maxWorkers: 2,
        },
      },
    ],
  },
});

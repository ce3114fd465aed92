import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // the machines have 2 cores; every server test file gets its own database
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "domain",
          include: ["test/domain/**/*.test.ts"],
          environment: "node",
          // no mocks and no module state that a file leaves behind: the modules load once per worker
          isolate: false,
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
          // no mocks and no module state that a file leaves behind: the modules load once per worker
          isolate: false,
          globalSetup: ["./test/harness/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // the hostile-input catalogue (test/hostile): once, on the embedded database
        test: {
          name: "hostile",
          include: ["test/hostile/**/*.test.ts"],
          environment: "node",
          // no mocks and no module state that a file leaves behind: the modules load once per worker
          isolate: false,
          globalSetup: ["./test/harness/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // real processes under faults (kill -9, a database restart, a mail server down): once, not per database
        test: {
          name: "faults",
          include: ["test/faults/**/*.test.ts"],
          environment: "node",
          globalSetup: ["./test/harness/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

import { defineConfig } from "vitest/config";

/**
 * Browser journeys: each its own server, database and Chromium, two at a time (the machines have 2 cores,
 * and a journey spends most of its time waiting on the browser or the server).
 */
export default defineConfig({
  test: {
    name: "e2e",
    include: ["e2e/**/*.e2e.test.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
  },
});

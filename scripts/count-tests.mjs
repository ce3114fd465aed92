#!/usr/bin/env node
// Sums Vitest's JSON reports into the line CI counts: "N passed, N failed".
// A run that left no report (it crashed) counts as one failure.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "test-results/counts";
let passed = 0;
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
  if (report.missing) {
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  // a file that failed to load has no failed test of its own: count the file
  failed += report.numFailedTests || report.numFailedTestSuites || 0;
  if (report.numTotalTests === 0) failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./process-helpers";

const depcruise = (target: string, config: string) =>
  spawnSync(join(ROOT, "node_modules/.bin/depcruise"), [target, "--config", config], {
    cwd: ROOT,
    encoding: "utf8",
  });

describe("import rules", () => {
  it("refuse an import circle, also one closed by a type-only import", () => {
    const run = depcruise("test/fixtures/import-circle", ".dependency-cruiser-cycles.cjs");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("no-circular: test/fixtures/import-circle/intake.ts");
  });
});

/**
 * No import circles in src/, type-only imports included: a circle of types still ties two files together.
 * (The main rules in .dependency-cruiser.cjs ignore type-only imports, which vanish at build time.)
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no module may reach itself through its imports, type-only ones included",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};

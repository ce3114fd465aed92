/** Import rules (docs/architecture.md); import circles are forbidden by .dependency-cruiser-cycles.cjs. */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "domain/ imports only domain/ and pure libraries",
      severity: "error",
      from: { path: "^src/domain/" },
      to: {
        pathNot: ["^src/domain/", "node_modules/(temporal-polyfill|zod)/"],
      },
    },
    {
      name: "domain-no-node-builtins",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "web-only-web-and-api",
      severity: "error",
      from: { path: "^src/web/" },
      to: { pathNot: ["^src/web/", "^src/api/", "node_modules/"] },
    },
    {
      name: "api-is-shared-dtos",
      comment: "api/ is shared with the browser: only zod and api/",
      severity: "error",
      from: { path: "^src/api/" },
      to: { pathNot: ["^src/api/", "^src/domain/", "node_modules/zod/"] },
    },
    {
      name: "api-stays-light",
      comment: "api/ is bundled into the browser: it must not pull in date libraries, even indirectly",
      severity: "error",
      from: { path: "^src/(api|web)/" },
      to: { path: "node_modules/temporal-polyfill/", reachable: true },
    },
    {
      name: "modules-through-index",
      comment: "a module uses another module only through its index.ts",
      severity: "error",
      from: { path: "^src/server/modules/([^/]+)/" },
      to: {
        path: "^src/server/modules/([^/]+)/",
        pathNot: ["^src/server/modules/$1/", "^src/server/modules/[^/]+/index\\.ts$"],
      },
    },
    {
      name: "only-routes-know-fastify",
      severity: "error",
      from: {
        path: "^src/(server/modules|domain|api)/",
        pathNot: "\\.routes\\.ts$",
      },
      to: { path: "node_modules/(fastify|@fastify)/" },
    },
    {
      name: "only-repositories-write-sql",
      severity: "error",
      from: {
        path: "^src/server/modules/",
        pathNot: "\\.repository\\.ts$",
      },
      to: { path: "node_modules/(kysely|pg)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // type-only imports vanish at build time, so they neither break purity nor reach the bundle
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};

/**
 * Import rules of Ordo's layers (docs/architecture.md, "Module map"). Run with `npm run lint:deps`
 * (also a step of .ci/run, before the tests). Type-only imports count too: a module that needs another
 * module's types takes them from that module's public entry like everything else.
 * @type {import('dependency-cruiser').IConfiguration}
 */
/** A module's public entries: index.ts and its wire contracts <name>.schemas.ts / <name>.events.ts. */
const PUBLIC_ENTRY = '^src/modules/([^/]+)/(index|\\1\\.schemas|\\1\\.events)\\.ts$';
const UPPER_LAYERS = '^src/(modules|flows)/|^src/(app|routes|handlers|server|events)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycles make load order fragile and blur who depends on whom: break them (pass the dependency in ' +
        'from src/routes.ts, src/handlers.ts or src/server.ts). Modules and flows: no cycle at all, type-only or not.',
      from: { path: '^src/(modules|flows)/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-at-runtime',
      severity: 'error',
      comment: 'Everywhere else: no cycle of value imports (type-only edges vanish when compiled).',
      from: { path: '^src/', pathNot: '^src/(modules|flows)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'modules-not-to-composition',
      severity: 'error',
      comment:
        'Modules never import cross-module use cases (src/flows) nor the composition root (app, routes, handlers, server): ' +
        'what a module needs from a flow is passed in when src/routes.ts or src/handlers.ts builds it.',
      from: { path: '^src/modules/' },
      to: { path: '^src/(flows/|app\\.ts$|routes\\.ts$|handlers\\.ts$|server\\.ts$|events\\.ts$)' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain is pure logic: it imports nothing but other domain files (no IO, no platform, no packages).',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'module-public-entry',
      severity: 'error',
      comment:
        "A module uses another module only through its public entry: src/modules/<name>/index.ts, or its wire " +
        'contracts <name>.schemas.ts (Zod schemas of the HTTP API) and <name>.events.ts (event definitions), ' +
        'which import nothing but platform and domain files.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', PUBLIC_ENTRY] },
    },
    {
      name: 'flows-use-public-entries',
      severity: 'error',
      comment: 'Flows use modules only through their public entries (index.ts, <name>.schemas.ts, <name>.events.ts).',
      from: { path: '^src/flows/' },
      to: { path: '^src/modules/', pathNot: PUBLIC_ENTRY },
    },
    {
      name: 'platform-not-to-upper-layers',
      severity: 'error',
      comment: 'src/platform is used by everyone and uses no module, flow or composition file.',
      from: { path: '^src/platform/', pathNot: '^src/platform/context\\.ts$' },
      to: { path: UPPER_LAYERS },
    },
    {
      name: 'platform-context-types-only',
      severity: 'error',
      comment: 'Deps (src/platform/context.ts) names the types of the adapters buildApp puts in it, and nothing more.',
      from: { path: '^src/platform/context\\.ts$' },
      to: { path: UPPER_LAYERS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|web)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

/**
 * The import rule of docs/architecture.md ("Packages and layers"), checked by `pnpm lint` and by
 * test/architecture.test.ts. No exceptions are listed here on purpose: a wrong import is fixed,
 * not excused.
 */
const CORE = '^packages/core/src/';
// The layers of @felles/core, innermost first. A folder may import its own layer and the layers
// before it, never one after it.
const LAYERS = [
  'kernel',
  'reference',
  'workspace',
  'intake',
  'synth',
  'catalogue',
  'stats',
  'disclosure',
  'export',
  'engines',
];

const layerRules = LAYERS.map((layer, i) => ({
  name: `core-${layer}-imports-inward`,
  comment: `core/src/${layer} may only import the layers before it: ${LAYERS.slice(0, i).join(', ') || '(none)'}`,
  severity: 'error',
  from: { path: `${CORE}${layer}/` },
  to: { path: `${CORE}(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no module depends on itself through others',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'core-root-is-the-entry-only',
      comment:
        'only the entry points live at the top of core/src (index.ts, the public API; internal.ts, for core tests); everything else belongs to a layer',
      severity: 'error',
      from: { path: `${CORE}[^/]+\\.ts$`, pathNot: `${CORE}(index|internal)\\.ts$` },
      to: {},
    },
    {
      name: 'engines-stay-apart',
      comment:
        'an engine never imports another engine; they meet in the catalogue or in a pipeline',
      severity: 'error',
      from: { path: `${CORE}engines/([^/]+)/` },
      to: { path: `${CORE}engines/`, pathNot: `${CORE}engines/$1/` },
    },
    {
      name: 'text-imports-no-other-package',
      comment:
        'the language catalogue is the innermost package: every other may use it, it uses none',
      severity: 'error',
      from: { path: '^packages/text/' },
      to: { path: '^(packages/(core|charts|pipelines|cli)/|@felles/(core|charts|pipelines|cli))' },
    },
    {
      name: 'core-imports-no-other-package',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: '^(packages/(charts|pipelines|cli)/|@felles/(charts|pipelines|cli))' },
    },
    {
      name: 'charts-uses-core-types-only',
      comment: 'charts builds specs from rows; it may use the types of core, nothing that runs',
      severity: 'error',
      from: { path: '^packages/charts/src/' },
      to: { path: '^(packages/core/|@felles/core)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'charts-imports-no-higher-package',
      severity: 'error',
      from: { path: '^packages/charts/' },
      to: { path: '^(packages/(pipelines|cli)/|@felles/(pipelines|cli))' },
    },
    {
      name: 'pipelines-imports-no-cli',
      severity: 'error',
      from: { path: '^packages/pipelines/' },
      to: { path: '^(packages/cli/|@felles/cli)' },
    },
    {
      name: 'packages-meet-through-entry-points',
      comment: 'a package uses another only through its public entry point (@felles/<name>)',
      severity: 'error',
      from: { path: '^packages/([^/]+)/src/' },
      to: {
        path: '^packages/([^/]+)/(src|dist)/',
        pathNot: ['^packages/$1/', '^packages/[^/]+/dist/index\\.(js|d\\.ts)$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^packages/[^/]+/dist/'] },
    exclude: { path: ['^packages/[^/]+/dist/.*\\.map$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

/** Import boundaries: a folder says where its code may run (see DESIGN.md, "Processes and folders"). */

module.exports = {
  forbidden: [
    {
      name: 'shared-runs-everywhere',
      comment: 'shared/ runs in main, the renderer and the gateway: no Node built-ins, no electron, no other tier.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: ['^main/', '^renderer/', '^gateway/', '^node_modules/electron/'] },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-declares-its-packages',
      comment: 'shared/ is its own package (@fidelis/shared): it imports only what shared/package.json declares.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'npm-dev'] },
    },
    {
      name: 'renderer-talks-through-the-api',
      comment: 'The renderer imports shared/ only and reaches main through the typed API.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^main/', '^gateway/', '^node_modules/electron/'] },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-in-main-electron',
      comment: "Only main/electron/ imports 'electron', so everything else runs (and is tested) without it.",
      severity: 'error',
      from: { path: '^(main|shared|renderer|gateway|payflow|test)/', pathNot: '^main/electron/' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'gateway-is-its-own-service',
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: ['^main/', '^renderer/'] },
    },
    {
      name: 'services-declare-their-packages',
      comment: 'The gateway and the PayFlow simulator are workspaces: each imports only the packages its own package.json declares, and shared/ through @fidelis/shared.',
      severity: 'error',
      from: { path: '^(gateway|payflow)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'main-declares-its-packages',
      comment: "main/ ships in the desktop app: it imports only the root package's dependencies (not the gateway's, not a test's).",
      severity: 'error',
      from: { path: '^main/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'payflow-simulator-stands-alone',
      comment: 'The PayFlow simulator is an outside service: it knows the wire contract in shared/ and nothing of Fidelis beyond it.',
      severity: 'error',
      from: { path: '^payflow/' },
      to: { path: ['^main/', '^renderer/', '^gateway/', '^node_modules/electron/'] },
    },
    {
      name: 'only-tests-use-the-payflow-simulator',
      comment: 'Fidelis talks to PayFlow over HTTP; only tests and benchmarks start the simulator in-process.',
      severity: 'error',
      from: { path: '^(main|shared|renderer|gateway)/' },
      to: { path: '^payflow/' },
    },
    {
      name: 'main-not-renderer',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: ['^renderer/', '^gateway/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^(out|dist|release|stubs|types|\\.test-artifacts)/', '^[^/]+\\.(js|cjs|ts)$'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};

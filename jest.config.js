// Two projects: unit specs beside the code, and integration/end-to-end suites under test/
// that need the real Postgres, Redis and built apps (npm test builds first).
const moduleNameMapper = {
  '^@drs/(config|domain|persistence|drs-adapter|contracts|messaging|local-stack|auth)$': '<rootDir>/libs/$1/src',
  '^@drs/(config|domain|persistence|drs-adapter|contracts|messaging|local-stack|auth)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
};

module.exports = {
  // End-to-end suites start real processes and wait for DRS jobs to finish.
  testTimeout: 180000,
  // A connection a test forgot to close must not keep CI waiting after every test has ended;
  // run `npx jest --detectOpenHandles` to find such a connection.
  forceExit: true,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      // Dashboard specs cover its pure logic (live state, predictions), which runs in Node as well.
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
  ],
};

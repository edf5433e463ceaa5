// Jest runs every *.test.ts under test/ and packages/<name>/test/ against the built packages (npm test builds first).
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/packages"],
  testMatch: ["**/*.test.ts"],
  // Fixture projects, and the copies of them that tests make under out/, hold test files of their own: the tests
  // run them in Jest processes of their own (test/integration/jest.test.ts).
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/fixtures/", "/out/"],
  transform: { "^.+\\.ts$": "<rootDir>/scripts/jest-transform.cjs" },
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 120000,
};

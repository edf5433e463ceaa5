// Jest runs every *.test.ts under test/ and packages/<name>/test/ against the built packages (npm test builds first).
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/packages"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/fixtures/"],
  transform: { "^.+\\.ts$": "<rootDir>/scripts/jest-transform.cjs" },
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 120000,
};

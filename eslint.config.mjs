// ESLint flat config: typescript-eslint's recommended rules for sources and tests; Prettier owns formatting.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/out/**",
      "test/golden/**/expected.ts",
      "test/e2e/fixtures/**",
      "examples/**/out/**",
      "packages/bench/out-test/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests and test helpers load compiled modules whose exports are untyped.
    files: ["test/**/*.ts", "packages/*/test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Markers accept any function type, like JAX's transformations.
    files: ["packages/cotangent/src/markers.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Rule templates take every placeholder (result, then inputs) whether or not the formula uses it.
    files: ["packages/core/src/rules/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": ["error", { args: "none" }] },
  },
  {
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);

// Jest transform for the TypeScript tests: a plain transpile to CommonJS (type checking is tsc's job).
const ts = require("typescript");

module.exports = {
  process(source, fileName) {
    const { outputText, sourceMapText } = ts.transpileModule(source, {
      fileName,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        esModuleInterop: true,
        sourceMap: true,
        inlineSources: true,
      },
    });
    return { code: outputText, map: sourceMapText };
  },
};

import type * as TS from "typescript";
import cotangentTransformer from "../src/transform";

test("on TypeScript 7 the transform refuses, and says that 'cotangent emit' works there", () => {
  // Only the version is read before the refusal: a stand-in for a TypeScript 7 module is enough.
  const ts7 = { version: "7.0.1", versionMajorMinor: "7.0" } as unknown as typeof TS;
  const run = () => cotangentTransformer({} as TS.Program, {}, { ts: ts7, addDiagnostic: () => 0 });
  expect(run).toThrow("cotangent/transform needs TypeScript 6 (found 7.0.1): TypeScript 7 has no transformer API.");
  expect(run).toThrow(/run 'npx cotangent emit FILES': it writes the derivatives \(f_jvp, f_vjp\) as source files/);
});

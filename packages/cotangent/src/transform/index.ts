/**
 * The ts-patch transformer: `{ "transform": "cotangent/transform" }` in tsconfig `plugins`, built with `tspc`.
 * Diagnostics go through ts-patch's `addDiagnostic`, so tspc prints them like type errors and exits non-zero.
 */
import type * as TS from "typescript";
import { createCotangentProgram, type CotangentOptions } from "@cotangent/core";

/** ts-patch's program-transformer extras (the subset we use). */
interface TransformerExtras {
  readonly ts: typeof TS;
  addDiagnostic(diagnostic: TS.Diagnostic): number;
}

export interface CotangentPluginConfig extends CotangentOptions {
  readonly transform?: string;
}

export default function cotangentTransformer(
  program: TS.Program,
  config: CotangentPluginConfig = {},
  extras?: TransformerExtras,
): TS.TransformerFactory<TS.SourceFile> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = extras?.ts ?? require("typescript");
  const major = Number(ts.versionMajorMinor.split(".")[0]);
  if (major >= 7) {
    throw new Error(
      `cotangent/transform needs TypeScript 6 (found ${ts.version}): TypeScript 7 has no transformer API. ` +
        "Build with TypeScript 6 and tspc, or keep TypeScript 7 and run 'npx cotangent emit FILES': it writes the " +
        "derivatives (f_jvp, f_vjp) as source files that TypeScript 7 and bundlers compile.",
    );
  }
  const cotangent = createCotangentProgram(ts, program, config);
  let reported = 0;
  const report = () => {
    for (; reported < cotangent.diagnostics.length; reported++) extras?.addDiagnostic(cotangent.diagnostics[reported]);
  };
  report();
  return (context) => (file) => {
    const result = cotangent.transformSourceFile(context, file);
    report();
    return result;
  };
}

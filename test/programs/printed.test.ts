/**
 * The CLI's route: the transformer's output printed as TypeScript, which is what the `cotangent` CLI writes, must
 * type-check on its own under `strict`, compiled without the plugin. The corpus (every marker of its harness) and
 * the reverse fuzzer's random programs (with a differentiated caller, split sweeps), each in a folder of its own.
 */
import { batchFiles } from "../helpers/check";
import { compile, printTransformed } from "../helpers/compile";
import { shapedBatchFiles } from "../helpers/shaped";
import { generate } from "../fuzz/generate";
import { corpus } from "./corpus";

/** The type errors of `files` printed by the transformer and compiled again as plain TypeScript, by file. */
function printedErrors(files: Record<string, string>): string[] {
  const printed = printTransformed(files);
  expect(printed.diagnostics).toEqual([]);
  return compile(printed.text, {}, { transform: false }).diagnostics;
}

test("the corpus's printed TypeScript type-checks without the plugin", () => {
  const files = batchFiles(corpus.map((p) => ({ id: p.name, ...p })));
  expect(printedErrors(files)).toEqual([]);
});

test("the printed TypeScript of random programs and their callers type-checks without the plugin", () => {
  const programs = Array.from({ length: 40 }, (_, seed) => generate(seed)).map((p) => ({ ...p, id: p.name }));
  expect(printedErrors(shapedBatchFiles(programs))).toEqual([]);
});

/**
 * Diagnostics for the constructs this slice does not support: each fixture below is one file of a single compile
 * (one TypeScript program keeps the suite fast), and each test pins the Cotangent diagnostics of its file: code,
 * line:col, and the part of the message that says what to do. Also: no fixture crashes the compiler (no TS990010),
 * and a file without annotation or marker is emitted byte-for-byte as without the transformer.
 */
import { compile, type CompileResult } from "../helpers/compile";

interface Expected {
  /** `line:col`, 1-based, of the node the diagnostic points at. */
  readonly at: string;
  readonly code: number;
  /** The message must match this (the "what to do" sentence, or the construct it names). */
  readonly says: RegExp;
}

interface Fixture {
  readonly source: string;
  readonly expected: readonly Expected[];
  /** TypeScript's own errors the fixture is allowed to produce (e.g. 2345 when a marker's type rejects it). */
  readonly tsErrors?: readonly number[];
}

const WHAT_STATEMENT =
  /Move it out of the differentiated function, or rewrite it with declarations, assignments, 'if'\/'else', 'for', 'while' or 'do \.\.\. while'\.$/;
const WHAT_CALLEE = /Call a function declared in this program, or move the call out of the differentiated function\.$/;
const WHAT_TYPE =
  /Use numbers, 'number\[\]', 'number\[\]\[\]', 'Float64Array', 'Float64Array\[\]', 'Float32Array', tuples or objects of these \(and 'boolean' or 'boolean\[\]' for flags, integer typed arrays such as 'Int32Array' for index data\); arrays of matrices \('number\[\]\[\]\[\]'\) and of records holding matrices only as parameters; write 'new Array<number>\(n\)\.fill\(0\)' for a number\[\]\.$/;
const WHAT_PARAMETER = /Declare a plain parameter, or give it a constant default \('eps = 1e-8'\)\.$/;
const WHAT_THROW =
  /^Cannot differentiate 'throw .*': a differentiated function can throw 'new Error\(message\)', 'new RangeError\(message\)' or 'new TypeError\(message\)', with a message made of strings, numbers and booleans\. Throw one of these, or check the inputs in the caller\.$/;
const WHAT_DECLARED =
  /it is declared without a body, so its source is not available\. Call a function with a body in this program, or move the call out of the differentiated function\.$/;
const WHAT_RESOLVE =
  /Pass a function declaration, a 'const' initialized with an arrow or function expression, or an inline arrow \(for a method, one that calls it: '\(x: number\) => M\.f\(x\)'\)\.$/;
const WHAT_ANNOTATION =
  /must be directly above a function declaration or a 'const' initialized with an arrow or function expression\. A method needs no mark: .*'grad\(\(x: number\) => m\.f\(x\)\)'\)\.$/;

const fixtures: Record<string, Fixture> = {
  "try-catch.ts": {
    source: `// @differentiate
export function f(x: number): number {
  try {
    return x * x;
  } catch {
    return 0;
  }
}`,
    expected: [
      {
        at: "3:3",
        code: 990027,
        says: /^Cannot differentiate a 'try' statement: exceptions are not part of a derivative\. Move the 'try' into the caller, or test for the failing case with 'if' and return a value\.$/,
      },
    ],
  },
  "throw.ts": {
    source: `// @differentiate
export function f(x: number): number {
  if (x < 0) throw "negative";
  return Math.sqrt(x);
}`,
    expected: [
      {
        at: "3:14",
        code: 990028,
        says: WHAT_THROW,
      },
    ],
  },
  "declare-function.ts": {
    source: `declare function ext(t: number): number;
// @differentiate
export function f(x: number): number {
  return ext(x) * 2;
}`,
    expected: [
      { at: "4:10", code: 990041, says: new RegExp(`^Cannot differentiate through 'ext': ${WHAT_DECLARED.source}`) },
    ],
  },
  "console-log.ts": {
    source: `declare const console: { log(...args: unknown[]): void };
// @differentiate
export function f(x: number): number {
  console.log(x);
  return x * 2;
}`,
    expected: [
      {
        at: "4:3",
        code: 990041,
        says: new RegExp(`^Cannot differentiate through 'console\\.log': ${WHAT_DECLARED.source}`),
      },
    ],
  },
  // 'Number(x)' of a number changes nothing, and is read as x; of a string it parses.
  "number-conversion.ts": {
    source: `// @differentiate
export function f(x: number): number {
  return Number(\`\${x}\`) * 2;
}`,
    expected: [
      { at: "3:10", code: 990003, says: new RegExp(`^Cannot differentiate through 'Number'.*${WHAT_CALLEE.source}`) },
    ],
  },
  "string-concatenation.ts": {
    source: `// @differentiate
export function f(x: number): number {
  const label = "x = " + x;
  return x * 2;
}`,
    expected: [
      {
        at: "3:17",
        code: 990046,
        says: /^'"x = " \+ x' has type 'string': '\+' on a string concatenates text and has no derivative\. Strings can choose branches/,
      },
    ],
  },
  "string-array-parameter.ts": {
    source: `// @differentiate
export function f(xs: string[], x: number): number {
  return x * 2;
}`,
    expected: [{ at: "2:19", code: 990004, says: new RegExp(`^'xs' has type 'string\\[\\]'.*${WHAT_TYPE.source}`) }],
  },
  "array-like-matrix-parameter.ts": {
    source: `import { grad } from "cotangent";
function total(m: ArrayLike<ArrayLike<number>>): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) s += m[i][0];
  return s;
}
// @differentiate
export function f(x: number[][]): number {
  return total(x);
}
export const g = grad(f);`,
    expected: [
      {
        at: "2:16",
        code: 990004,
        says: new RegExp(`^.m. has type .ArrayLike<ArrayLike<number>>..*${WHAT_TYPE.source}`),
      },
    ],
  },
  "iterable-parameter.ts": {
    source: `import { grad } from "cotangent";
function total(a: Iterable<number>, b: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * b[0];
  return s;
}
// @differentiate
export function f(x: Float64Array): number {
  return total(x, x);
}
export const g = grad(f);`,
    // Once, at the parameter: the loop over it says nothing more.
    expected: [{ at: "2:16", code: 990004, says: new RegExp(`^'a' has type 'Iterable<number>'.*${WHAT_TYPE.source}`) }],
  },
  "assignment-to-outer-let.ts": {
    source: `let calls = 0;
let total = 0;
// @differentiate
export function f(x: number): number {
  calls = calls + 1;
  total += x;
  return x * 2;
}`,
    expected: [
      {
        at: "5:3",
        code: 990016,
        says: /^'calls' is declared outside.*Assign only to locals and return the value instead\.$/,
      },
      {
        at: "6:3",
        code: 990016,
        says: /^'total' is declared outside.*Assign only to locals and return the value instead\.$/,
      },
    ],
  },
  "module-array-written-by-helper.ts": {
    source: `import { grad } from "cotangent";
export const C = [1, 2, 3];
function scale(a: number[], k: number): void {
  for (let i = 0; i < a.length; i++) a[i] *= k;
}
// @differentiate
export function f(x: number, k: number): number {
  scale(C, k);
  return C[0] * x;
}
export const g = grad(f, [0, 1]);`,
    // The helper's write would change the module's array: refused as a direct write to it is.
    expected: [{ at: "8:9", code: 990016, says: /^'C' is declared outside.*Assign only to locals/ }],
  },
  "grad-of-boolean-result.ts": {
    source: `import { grad } from "cotangent";
export function f(x: number): boolean {
  return x > 0;
}
export const df = grad(f);`,
    expected: [
      {
        at: "5:24",
        code: 990009,
        says: /^'f' returns 'boolean', but 'grad' needs a function that returns a 'number'\.$/,
      },
    ],
    tsErrors: [2345],
  },
  "argnums-out-of-range.ts": {
    source: `import { grad } from "cotangent";
export function f(x: number, y: number): number {
  return x * y;
}
export const df = grad(f, 2);
export const dn = grad(f, [0, -1]);`,
    expected: [
      {
        at: "5:27",
        code: 990007,
        says: /^'argnums' index 2 is out of range: 'f' has 2 parameter\(s\)\. Use an index from 0 to 1\.$/,
      },
      {
        at: "6:31",
        code: 990007,
        says: /^'argnums' index -1 is out of range: 'f' has 2 parameter\(s\)\. Use an index from 0 to 1\.$/,
      },
    ],
  },
  "vjp-spread.ts": {
    source: `import { vjp } from "cotangent";
export function f(x: number, y: number): number { return x * y; }
const args: [number, number] = [1, 2];
export const pb = vjp(f, ...args);`,
    expected: [
      {
        at: "4:26",
        code: 990089,
        says: /^'\.\.\.args' spreads an array into the arguments of 'vjp', which Cotangent does not follow\. Pass the elements one by one \('a\[0\], a\[1\]'\)\.$/,
      },
    ],
  },
  "argnums-not-literal.ts": {
    source: `import { valueAndGrad } from "cotangent";
export function f(x: number, y: number): number {
  return x * y;
}
const k = 1;
export const df = valueAndGrad(f, k);`,
    expected: [
      {
        at: "6:35",
        code: 990006,
        says: /^'argnums' of 'valueAndGrad' must be a number literal or an array literal of number literals/,
      },
    ],
  },
  "argnums-boolean-parameter.ts": {
    source: `import { grad } from "cotangent";
export function f(x: number, flag: boolean): number {
  return flag ? x : -x;
}
export const df = grad(f, 1);`,
    expected: [
      {
        at: "5:27",
        code: 990008,
        says: /^Parameter 1 \('flag'\) of 'f' has type 'boolean'.*Choose in 'argnums' a number, array or object parameter/,
      },
    ],
  },
  "marker-not-resolvable.ts": {
    source: `import { grad, jvp } from "cotangent";
function f(x: number): number {
  return x * x;
}
const fns = [f];
export const df = grad(fns[0]);
const pick = () => f;
export const tangent = (x: number) => jvp(pick(), [x], [1]);`,
    expected: [
      {
        at: "6:24",
        code: 990005,
        says: new RegExp(`^The function passed to 'grad' cannot be resolved at compile time\\. ${WHAT_RESOLVE.source}`),
      },
      {
        at: "8:43",
        code: 990005,
        says: new RegExp(`^The function passed to 'jvp' cannot be resolved at compile time\\. ${WHAT_RESOLVE.source}`),
      },
    ],
  },
  "misplaced-annotation.ts": {
    source: `// @differentiate
export class Model {
  w = 1;
  // @differentiate
  scale(x: number): number { return this.w * x; }
}
// @differentiate
export const rate = 0.5;
/** @differentiate */
export const f = (x: number): number => x * rate;
// @differentiate
export let g = (x: number): number => x * 2;
export const act = {
  // @differentiate
  relu(x: number): number { return Math.max(0, x); },
  // @differentiate
  sig: (x: number): number => 1 / (1 + Math.exp(-x)),
};`,
    expected: [
      { at: "2:1", code: 990014, says: WHAT_ANNOTATION },
      { at: "5:3", code: 990014, says: WHAT_ANNOTATION },
      { at: "8:1", code: 990014, says: WHAT_ANNOTATION },
      { at: "12:1", code: 990014, says: WHAT_ANNOTATION },
      { at: "15:3", code: 990014, says: WHAT_ANNOTATION },
      { at: "17:3", code: 990014, says: WHAT_ANNOTATION },
    ],
  },
  "generator-and-async.ts": {
    source: `// @differentiate
export function* f(x: number) {
  yield x;
}
// @differentiate
export async function g(x: number): Promise<number> {
  return x;
}
// @differentiate
export const h = async (x: number): Promise<number> => x;`,
    expected: [
      {
        at: "2:1",
        code: 990037,
        says: /^Cannot differentiate the generator 'f'\. Return an array of the values instead of yielding them\./,
      },
      {
        at: "6:1",
        code: 990038,
        says: /^Cannot differentiate the 'async' function 'g'\. Await the inputs in the caller/,
      },
      {
        at: "10:18",
        code: 990038,
        says: /^Cannot differentiate the 'async' function 'h'\. Await the inputs in the caller/,
      },
    ],
  },
  "destructured-parameter-default.ts": {
    source: `// @differentiate
export function f({ a, b = 1 }: { a: number; b: number }): number {
  return a * b;
}`,
    expected: [
      {
        at: "2:24",
        code: 990057,
        says: /^Cannot destructure 'b = 1' yet: default values, rest elements, computed keys.*Read the fields one by one \('const a = o\.a'\)\.$/,
      },
    ],
  },
  "default-parameter.ts": {
    source: `// @differentiate
export function f(x: number, y = x * 2): number {
  return x * y;
}`,
    expected: [
      {
        at: "2:30",
        code: 990017,
        says: new RegExp(
          `^Parameter 'y' is optional, uses rest syntax, or has a default value that is not a constant.*${WHAT_PARAMETER.source}`,
        ),
      },
    ],
  },
  "every-error-of-a-function.ts": {
    // Validation reports all errors, not just the first, and an annotated function that a marker also uses
    // reports them once.
    source: `import { grad } from "cotangent";
declare function ext(t: number): number;
// @differentiate
export function f(x: number, n: number): number {
  if (n > 1) throw n;
  const b = x | 1;
  return ext(x) + b;
}
export const df = grad(f);`,
    expected: [
      { at: "5:14", code: 990028, says: WHAT_THROW },
      { at: "7:10", code: 990041, says: WHAT_DECLARED },
    ],
  },
  "callee-main.ts": {
    // The error is in the callee, so it points into the callee's file; the marker's file has none.
    source: `import { grad } from "cotangent";
import { g } from "./callee-lib.js";
export function f(x: number): number {
  return g(x) * x;
}
export const df = grad(f);`,
    expected: [],
  },
  "callee-lib.ts": {
    source: `export function g(x: number): number {
  let s = x;
  if (s > 1) throw new RangeError(String(s));
  return s;
}`,
    expected: [{ at: "3:14", code: 990028, says: WHAT_THROW }],
  },
};

/** Marker and statement fixtures: result type checked first, statements named precisely, argnums positions. */
const moreFixtures: Record<string, Fixture> = {
  "grad-of-string-result.ts": {
    source: `import { grad } from "cotangent";
export function f(x: number): string {
  return "value";
}
export const df = grad(f);`,
    expected: [
      {
        at: "5:24",
        code: 990009,
        says: /^'f' returns 'string', but 'grad' needs a function that returns a 'number'\.$/,
      },
    ],
    tsErrors: [2345],
  },
  "for-of.ts": {
    source: `// @differentiate
export function f(x: number): number {
  let s = 0;
  for (const c of "abc") s += x;
  return s;
}`,
    expected: [
      {
        at: "4:3",
        code: 990001,
        says: new RegExp(`^Cannot differentiate a 'for\\.\\.\\.of' statement\\. ${WHAT_STATEMENT.source}`),
      },
    ],
  },
  "argnums-out-of-range-in-array.ts": {
    source: `import { grad } from "cotangent";
export function f(x: number, y: number): number {
  return x * y;
}
export const df = grad(f, [0, 2]);`,
    expected: [
      {
        at: "5:31",
        code: 990007,
        says: /^'argnums' index 2 is out of range: 'f' has 2 parameter\(s\)\. Use an index from 0 to 1\.$/,
      },
    ],
  },
};

let compiled: CompileResult | undefined;
function output(): CompileResult {
  const sources = Object.fromEntries(
    Object.entries({ ...fixtures, ...moreFixtures }).map(([file, fixture]) => [file, fixture.source]),
  );
  compiled ??= compile(sources);
  return compiled;
}

/** A rendered diagnostic `file:line:col - error TSxxxx: text`, parsed. */
function parse(rendered: string): { file: string; at: string; code: number; text: string } | undefined {
  const m = /^(\S+?):(\d+:\d+) - \w+ TS(\d+): ([\s\S]*)$/.exec(rendered);
  return m ? { file: m[1], at: m[2], code: Number(m[3]), text: m[4] } : undefined;
}

function checkFixture(file: string, fixture: Fixture): void {
  const all = output().diagnostics.map((d) => ({ rendered: d, parsed: parse(d) }));
  const unparsed = all.filter((d) => !d.parsed).map((d) => d.rendered);
  expect(unparsed).toEqual([]);
  const mine = all.flatMap((d) => (d.parsed && d.parsed.file === file ? [d.parsed] : []));
  const ours = mine.filter((d) => d.code >= 990000 && d.code < 991000);
  const theirs = mine.filter((d) => !(d.code >= 990000 && d.code < 991000)).map((d) => d.code);
  expect({ file, tsErrors: [...new Set(theirs)] }).toEqual({ file, tsErrors: fixture.tsErrors ?? [] });
  // Code and position first, so a mismatch shows every diagnostic of the file.
  expect(ours.map((d) => `${file}:${d.at} TS${d.code}`)).toEqual(
    fixture.expected.map((e) => `${file}:${e.at} TS${e.code}`),
  );
  ours.forEach((d, i) => {
    const says = fixture.expected[i].says;
    if (!says.test(d.text))
      throw new Error(`${file}:${d.at} TS${d.code}: message\n  ${d.text}\ndoes not match\n  ${says}`);
    // Catalog wording: sentences ending with a period.
    expect(d.text).toMatch(/\.$/);
  });
}

describe("unsupported constructs: exact code, position and advice", () => {
  for (const [file, fixture] of Object.entries({ ...fixtures, ...moreFixtures })) {
    test(file.replace(/\.ts$/, ""), () => checkFixture(file, fixture));
  }
});

test("no fixture crashes the compiler (no internal error, every file emitted)", () => {
  const out = output();
  expect(out.diagnostics.filter((d) => /TS990010/.test(d))).toEqual([]);
  for (const file of [...Object.keys(fixtures), ...Object.keys(moreFixtures)]) {
    expect({ file, emitted: typeof out.js[file] }).toEqual({ file, emitted: "string" });
  }
});

describe("a file without annotation or marker is emitted exactly as without Cotangent", () => {
  const plain = `// A module Cotangent has nothing to do with; its formatting is odd on purpose.
import type { Differentiable } from "cotangent";
import { helper } from "./uses-markers.js";

/* differentiate is mentioned, but not as an annotation */
export function grad(f: Differentiable, x: number): number {
  const h = 1e-6;   // a finite difference, not a marker
  return (f(x + h) - f(x - h)) / (2 * h);
}

export const text = "// @differentiate in a string is not an annotation";
export function   spaced ( a : number ) : number {
  let s = 0; for (let i = 0; i < a; i++) { s += i; }


  switch (s) { case 1: return 1; default: return helper(s); }
}
export class Box { constructor(public v: number) {} get twice(): number { return this.v * 2; } }
`;
  const usesMarkers = `import { grad } from "cotangent";
// @differentiate
export function helper(x: number): number {
  return x * x;
}
export const dHelper = grad(helper);
`;
  const files = { "plain.ts": plain, "uses-markers.ts": usesMarkers };

  test("same program, with and without the transformer", () => {
    const transformed = compile(files);
    const untransformed = compile(files, {}, { transform: false });
    expect(transformed.diagnostics).toEqual([]);
    expect(untransformed.diagnostics).toEqual([]);
    expect(transformed.js["plain.ts"]).toBe(untransformed.js["plain.ts"]);
    // The other file did change, so the comparison above is not vacuous.
    expect(transformed.js["uses-markers.ts"]).not.toBe(untransformed.js["uses-markers.ts"]);
  });
});

test("bitwise operators: derivative 0 through them, a warning where they cut off a differentiated input", () => {
  const out = compile({
    "bitwise.ts": `import { grad } from "cotangent";
// @differentiate
export function f(x: number, n: number): number {
  const a = x | 0;
  const b = ~x;
  const parity = n & 1 ? -1 : 1;
  return parity * x * x + a + b + (x << 1) + (x & 3) + (x ^ 1) + (x >> 1) + (x >>> 1);
}
export const df = grad(f);`,
  });
  expect(out.diagnostics).toEqual([]);
  const expected = [
    ["4:15", "|"],
    ["5:13", "~"],
    ["7:38", "<<"],
    ["7:49", "&"],
    ["7:59", "^"],
    ["7:69", ">>"],
    ["7:80", ">>>"],
  ].map(([at, op]) => `bitwise.ts:${at} - warning TS990048: The bitwise operator '${op}' truncates a value`);
  // 'n & 1' on the integer n is not reported: n is not differentiated.
  expect(out.warnings.map((w) => w.slice(0, w.indexOf(" that depends")))).toEqual(expected);
  const m = out.load("bitwise.ts");
  // Only the smooth part 'parity · x²' has a derivative.
  expect(m.df(1.7, 3)).toBe(-2 * 1.7);
  expect(m.df(1.7, 4)).toBe(2 * 1.7);
});

test("an invalid option in the plugin entry is an error of the whole program (TS990071), not silently ignored", () => {
  const source = `import { grad } from "cotangent";
// @differentiate
export function f(x: number): number {
  return x * x;
}
export const g = grad(f);
`;
  const out = compile(
    { "main.ts": source },
    {},
    { plugin: { unroll: "x" as unknown as number, runtimeSpecifier: "" } },
  );
  expect(out.diagnostics).toEqual([
    "error TS990071: The Cotangent option 'unroll' must be a whole number of at least 1, not \"x\". Fix it in the 'cotangent/transform' entry of tsconfig.json's 'plugins', or in the options given to the tool.",
    "error TS990071: The Cotangent option 'runtimeSpecifier' must be a module specifier, not \"\". Fix it in the 'cotangent/transform' entry of tsconfig.json's 'plugins', or in the options given to the tool.",
  ]);
  expect(compile({ "main.ts": source }, {}, { plugin: { unroll: 2 } }).diagnostics).toEqual([]);
});

import { ruleTable, type RuleTable } from "@cotangent/core";

/**
 * One program per catalog entry (catalog.test.ts runs them). Each case names the file it lives in, the code it must
 * produce, the 1-based line:col of the offending node, and a piece of the message, usually the advice.
 */
export interface CatalogCase {
  readonly file: string;
  readonly code: number;
  readonly at: string;
  /** A substring of the message: what to do instead, or the construct it names. */
  readonly says: string;
  readonly source: string;
  /** Other Cotangent diagnostics the program also produces (e.g. at the declaration of a bad parameter). */
  readonly also?: readonly { readonly at: string; readonly code: number }[];
  /** TypeScript's own errors the program produces as well. */
  readonly tsErrors?: readonly number[];
  /** A rule table to compile with instead of the built-in one (to provoke an internal error). */
  readonly rules?: RuleTable;
  /** Other files the program needs (a declaration file). */
  readonly files?: Readonly<Record<string, string>>;
}

const marked = (body: string, params = "x: number"): string => `// @differentiate
export function f(${params}): number {
${body}
}`;

export const catalogCases: readonly CatalogCase[] = [
  {
    file: "debugger-statement.ts",
    code: 990001,
    at: "3:3",
    says: "Cannot differentiate a 'debugger' statement. Move it out of the differentiated function",
    source: marked(`  debugger;
  return x;`),
  },
  {
    file: "global-object.ts",
    code: 990002,
    at: "4:13",
    says: "Cannot differentiate the expression 'holder'.",
    source: `const holder = { v: 1 };
// @differentiate
export function f(x: number): number {
  const o = holder;
  return x;
}`,
  },
  {
    file: "library-callee.ts",
    code: 990003,
    at: "3:10",
    says: "Cannot differentiate through 'Number': it has no derivative rule",
    source: marked(`  return Number(\`\${x}\`) * 2;`),
  },
  {
    file: "string-parameter.ts",
    code: 990004,
    at: "2:19",
    says: "'xs' has type 'string[]'",
    source: marked(`  return x;`, "xs: string[], x: number"),
  },
  {
    file: "marker-not-resolvable.ts",
    code: 990005,
    at: "4:24",
    says: "or an inline arrow (for a method, one that calls it: '(x: number) => M.f(x)').",
    source: `import { grad } from "cotangent";
const sq = (x: number): number => x * x;
const fns = [sq];
export const df = grad(fns[0]);`,
  },
  {
    file: "argnums-not-literal.ts",
    code: 990006,
    at: "4:27",
    says: "must be a number literal or an array literal of number literals, known at compile time.",
    source: `import { grad } from "cotangent";
export function f(x: number, y: number): number { return x * y; }
const k = 1;
export const df = grad(f, k);`,
  },
  {
    file: "argnums-out-of-range.ts",
    code: 990007,
    at: "3:27",
    says: "'argnums' index 2 is out of range: 'f' has 2 parameter(s). Use an index from 0 to 1.",
    source: `import { grad } from "cotangent";
export function f(x: number, y: number): number { return x * y; }
export const df = grad(f, 2);`,
  },
  {
    file: "argnums-flag.ts",
    code: 990008,
    at: "3:27",
    says: "Choose in 'argnums' a number, array or object parameter",
    source: `import { grad } from "cotangent";
export function f(x: number, flag: boolean): number { return flag ? x : -x; }
export const df = grad(f, 1);`,
  },
  {
    file: "grad-of-boolean.ts",
    code: 990009,
    at: "3:24",
    says: "'f' returns 'boolean', but 'grad' needs a function that returns a 'number'.",
    source: `import { grad } from "cotangent";
export function f(x: number): boolean { return x > 0; }
export const df = grad(f);`,
    tsErrors: [2345],
  },
  {
    // A broken rule table (Math.sin without its partial derivative) makes generation fail: the internal error
    // names the function being differentiated, not the file.
    file: "internal-error.ts",
    code: 990010,
    at: "3:1",
    says: "Internal error in Cotangent while differentiating 'wave'",
    rules: { ...ruleTable, "Math.sin": { arity: 1, kind: "smooth", partials: [] } },
    source: `import { grad } from "cotangent";
// @differentiate
export function wave(x: number): number {
  return Math.sin(x) * x;
}
export const dWave = grad(wave);`,
  },
  {
    file: "label-on-block.ts",
    code: 990012,
    at: "3:3",
    says: "Move the label 'outer' to a 'for', 'while' or 'do' loop, or around the statements in a block ('outer: { … }').",
    source: marked(`  outer: x = x * 2;
  return x;`),
  },
  {
    file: "math-without-rule.ts",
    code: 990013,
    at: "3:3",
    says: "'Math.valueOf' has no derivative rule. Use a differentiable 'Math' function instead.",
    source: marked(`  Math.valueOf();
  return x;`),
  },
  {
    file: "misplaced-annotation.ts",
    code: 990014,
    at: "2:1",
    says: "'@differentiate' must be directly above a function declaration",
    source: `// @differentiate
export class Model {
  w = 1;
}`,
  },
  {
    file: "in-operator.ts",
    code: 990015,
    at: "3:14",
    says: "The operator 'in' is not supported in a differentiated function.",
    source: marked(`  return "a" in o ? x : 2 * x;`, "x: number, o: { a?: number }"),
  },
  {
    file: "captured-mutation.ts",
    code: 990016,
    at: "4:3",
    says: "Assign only to locals and return the value instead.",
    source: `let calls = 0;
// @differentiate
export function f(x: number): number {
  calls += 1;
  return x * x;
}`,
  },
  {
    file: "default-parameter.ts",
    code: 990017,
    at: "2:30",
    says: "Parameter 'y' is optional, uses rest syntax, or has a default value that is not a constant",
    source: marked(`  return x * y;`, "x: number, y = x * 2"),
  },
  {
    file: "missing-return.ts",
    code: 990018,
    at: "3:14",
    says: "'f' can reach its end without returning a number. Return a value on every path.",
    source: marked(`  if (x > 1) return;
  return x;`),
    tsErrors: [2322],
  },
  {
    file: "marker-arity.ts",
    code: 990020,
    at: "3:18",
    says: "'vjp' expects a function and its 2 argument(s).",
    source: `import { vjp } from "cotangent";
export function f(x: number, y: number): number { return x * y; }
export const r = vjp(f, 1);`,
    tsErrors: [2554],
  },
  {
    file: "unsupported-array-operation.ts",
    code: 990021,
    at: "3:13",
    says: "is not supported on arrays yet. Read elements with 'a[i]'",
    source: marked(
      `  const y = x.splice(1, 2);
  return y[0];`,
      "x: number[]",
    ),
  },
  {
    file: "parameter-write.ts",
    code: 990022,
    at: "3:3",
    says: "may write into array parameters, but not into an object parameter's number fields. Copy the value into a local first.",
    source: marked(
      `  p.w = 2 * p.w;
  return p.w;`,
      "p: { w: number }",
    ),
  },
  {
    file: "array-expression-argument.ts",
    code: 990024,
    at: "4:16",
    says: "Pass a named array or the object's fields.",
    source: `function total(m: number[][], k: number): number { return k <= 0 ? m[0][0] : total(m, k - 1) * m[0][0]; }
// @differentiate
export function f(A: number[][], B: number[][]): number {
  return total(A[0][0] > 0 ? A : B, 2);
}`,
  },
  {
    file: "jvp-of-string.ts",
    code: 990025,
    at: "3:37",
    says: "needs a function that returns a 'number', a number array, a tuple of numbers or an object of numbers",
    source: `import { jvp } from "cotangent";
export function f(x: number): string { return String(x); }
export const t = (x: number) => jvp(f, [x], [1]);`,
    tsErrors: [2345],
  },
  {
    file: "try-catch.ts",
    code: 990027,
    at: "3:3",
    says: "Move the 'try' into the caller, or test for the failing case with 'if' and return a value.",
    source: marked(`  try {
    return Math.sqrt(x);
  } catch {
    return 0;
  }`),
  },
  {
    file: "throw.ts",
    code: 990028,
    at: "3:14",
    says: "Cannot differentiate 'throw { x }': a differentiated function can throw 'new Error(message)'",
    source: marked(`  if (x < 0) throw { x };
  return Math.sqrt(x);`),
  },
  {
    file: "for-in.ts",
    code: 990029,
    at: "4:3",
    says: "Loop over indices with 'for (let i = 0; i < a.length; i++)', or over elements with 'for ... of'.",
    source: marked(
      `  let s = 0;
  for (const k in xs) s += xs[Number(k)];
  return s;`,
      "xs: number[]",
    ),
  },
  {
    file: "with.ts",
    code: 990030,
    at: "4:3",
    says: "Name the object's fields explicitly ('o.a').",
    source: marked(`  const o = { a: 2 };
  with (o) x = x * a;
  return x;`),
    tsErrors: [1101, 2410],
  },
  {
    file: "nested-function.ts",
    code: 990031,
    at: "3:73",
    says: "Cannot differentiate the function 'pow' declared inside a differentiated function. Move it to the top level",
    source: marked(`  function pow(y: number, n: number): number { return n === 0 ? 1 : y * pow(y, n - 1); }
  return pow(x, 3);`),
  },
  {
    file: "eval.ts",
    code: 990032,
    at: "3:14",
    says: "Write the computation as code in the function.",
    source: marked(`  return x * eval("2");`),
  },
  {
    file: "new-function.ts",
    code: 990033,
    at: "3:13",
    says: "Declare the function in the program and call it by name.",
    source: marked(`  const g = new Function("y", "return y * y");
  return x;`),
  },
  {
    file: "arguments.ts",
    code: 990034,
    at: "3:14",
    says: "Declare each parameter by name and use the names.",
    source: marked(`  return x * arguments.length;`),
  },
  {
    file: "delete.ts",
    code: 990035,
    at: "4:3",
    says: "Build a new local object without the field instead.",
    source: marked(`  const o: { a?: number } = { a: 1 };
  delete o.a;
  return x;`),
  },
  {
    file: "this.ts",
    code: 990036,
    at: "2:72",
    says: "Pass the values the computation needs as parameters (an object parameter works).",
    source: `// @differentiate
export function f(this: { k: number }, x: number): number { return x * this.k; }`,
  },
  {
    file: "generator.ts",
    code: 990037,
    at: "2:1",
    says: "Return an array of the values instead of yielding them.",
    source: `// @differentiate
export function* f(x: number) {
  yield x;
}`,
  },
  {
    file: "async.ts",
    code: 990038,
    at: "2:1",
    says: "Await the inputs in the caller and differentiate a synchronous function of the awaited values.",
    source: `// @differentiate
export async function f(x: number): Promise<number> {
  return x;
}`,
  },
  {
    file: "getter.ts",
    code: 990039,
    at: "8:14",
    says: "Call a top-level function that takes the object as a parameter instead.",
    source: `class Box {
  k = 2;
  get twice(): number { return this.k * 2; }
}
const box = new Box();
// @differentiate
export function f(x: number): number {
  return x * box.twice;
}`,
  },
  {
    file: "method.ts",
    code: 990040,
    at: "8:10",
    says: "or move the computation into a top-level function that takes the object as a parameter.",
    source: `class Scale {
  k = 2;
  apply(y: number): number { return y * this.k; }
}
const scale = new Scale();
// @differentiate
export function f(x: number): number {
  return scale.apply(x);
}`,
  },
  {
    file: "declared-only.ts",
    code: 990041,
    at: "4:10",
    says: "it is declared without a body, so its source is not available.",
    source: `declare function ext(t: number): number;
// @differentiate
export function f(x: number): number {
  return ext(x) * 2;
}`,
  },
  {
    file: "from-declaration-file.ts",
    code: 990042,
    files: { "ambient.d.ts": "export declare function scaled(t: number): number;" },
    at: "4:10",
    says: "it comes from the declaration file 'ambient.d.ts', which holds no code.",
    source: `import { scaled } from "./ambient";
// @differentiate
export function f(x: number): number {
  return scaled(x) * 2;
}`,
  },
  {
    file: "dynamic-call.ts",
    code: 990043,
    at: "4:10",
    says: "Call each function by name, choosing between the calls with 'if'/'else'.",
    source: `const ops: Record<string, (y: number) => number> = { sq: (y) => y * y };
// @differentiate
export function f(x: number): number {
  return ops["sq"](x);
}`,
  },
  {
    file: "value-to-unknown-function.ts",
    code: 990044,
    at: "3:12",
    says: "'x' is passed to 'g', a function value whose body is not known at compile time",
    source: marked(`  return g(x) * 2;`, "x: number, g: (y: number) => number"),
    also: [{ at: "2:30", code: 990004 }],
  },
  {
    file: "any-in-arithmetic.ts",
    code: 990045,
    at: "4:14",
    says: "Declare it with the type 'number' (or a number array).",
    source: `const config: any = { scale: 2 };
// @differentiate
export function f(x: number): number {
  return x * config.scale;
}`,
  },
  {
    file: "string-concatenation.ts",
    code: 990046,
    at: "3:17",
    says: "'+' on a string concatenates text and has no derivative.",
    source: marked(`  const label = "x = " + x;
  return x * 2;`),
  },
  {
    file: "write-through-alias.ts",
    code: 990047,
    at: "4:3",
    says: "Copy it into a local object ('const o = { ...p }') and write the copy's fields.",
    source: `const state = { v: 1 };
// @differentiate
export function f(x: number): number {
  state.v = x;
  return x * 2;
}`,
  },
  {
    file: "bitwise.ts",
    code: 990048,
    at: "4:13",
    says: "truncates a value that depends on a differentiated input to a 32-bit integer, so its derivative is 0 there.",
    source: `import { grad } from "cotangent";
${marked(`  return (x | 0) * x;`)}
export const dBitwise = grad(f);`,
  },
  {
    file: "math-random.ts",
    code: 990049,
    at: "3:14",
    says: "'Math.random()' is treated as a constant: its derivative is 0.",
    source: marked(`  return x * Math.random();`),
  },
  {
    file: "overload-annotation.ts",
    code: 990050,
    at: "2:1",
    says: "Put it directly above the implementation (the declaration with a body).",
    source: `// @differentiate
export function f(x: number): number;
export function f(x: number): number {
  return x * x;
}`,
  },
  {
    file: "marker-result-arity.ts",
    code: 990051,
    at: "3:18",
    says: "'grad(f)(1)' gives 1 value(s) to 'f', which has 2 parameter(s).",
    source: `import { grad } from "cotangent";
export function f(x: number, y: number): number { return x * y; }
export const g = grad(f)(1);`,
    tsErrors: [2554],
  },
  {
    file: "no-parameters.ts",
    code: 990052,
    at: "3:24",
    says: "'f' has no parameters, so there is nothing to differentiate it with respect to.",
    source: `import { grad } from "cotangent";
export function f(): number { return 1; }
export const df = grad(f);`,
  },
  {
    file: "grad-into-number.ts",
    code: 990053,
    at: "3:35",
    says: "Use 'valueAndGrad' for it, or pass the value in a 'Float64Array'.",
    source: `import { gradInto } from "cotangent";
export function f(w: Float64Array, x: number): number { return w[0] * x; }
export const df = gradInto(f, [0, 1]);`,
  },
  {
    file: "grad-into-repeated.ts",
    code: 990054,
    at: "3:35",
    says: "'gradInto' is given parameter 0 more than once in 'argnums'",
    source: `import { gradInto } from "cotangent";
export function f(w: Float64Array, x: Float64Array): number { return w[0] * x[0]; }
export const df = gradInto(f, [0, 0]);`,
  },
  {
    file: "second-order-calls.ts",
    code: 990055,
    at: "4:23",
    says: "'hvp' cannot yet differentiate 'f' twice through 'put', which writes into its parameters",
    source: `import { hvp } from "cotangent";
function put(out: Float64Array, t: number): void { out[0] = t * t; }
export function f(x: number): number { const b = new Float64Array(1); put(b, x); return b[0] + x; }
export const hv = hvp(f, 0);`,
  },
  {
    file: "second-order-writes.ts",
    code: 990056,
    at: "3:26",
    says: "'hessian' cannot yet differentiate 'f' twice: it writes into its parameter 'out'",
    source: `import { hessian } from "cotangent";
export function f(x: Float64Array, out: Float64Array): number { out[0] = x[0] * x[1]; return out[0] * x[0]; }
export const h = hessian(f);`,
  },
  {
    file: "destructuring-default.ts",
    code: 990057,
    at: "3:11",
    says: "Cannot destructure 'b = 0' yet: default values, rest elements, computed keys",
    source: marked(
      `  const { b = 0 } = p;
  return b * x;`,
      "x: number, p: { b: number }",
    ),
  },
  {
    // Reported where the inlined helper reads its module's variable; the caller is in another module.
    file: "inlined-reads-its-module.ts",
    code: 990058,
    at: "3:27",
    says: "Pass 'BIAS' to 'biased' as a parameter, or declare 'biased' in the caller's module.",
    source: `const BIAS = 0.5;
export function biased(a: number[]): number[] {
  return a.map((v) => v + BIAS);
}`,
    files: {
      "calls-biased.ts": `import { biased } from "./inlined-reads-its-module";
${marked("  return biased([x])[0];")}`,
    },
  },
  {
    file: "recursive-array-function.ts",
    code: 990059,
    at: "2:13",
    says: "or one that writes its result into an array parameter ('function f(…, out: Float64Array): void').",
    source: `function again(a: number[]): number[] {
  const b = again(a);
  return b;
}
${marked("  return again([x])[0];")}`,
  },
  {
    file: "overridden-method.ts",
    code: 990061,
    at: "10:10",
    says: "a class of the program overrides it, so which body runs depends on the object's class at run time.",
    source: `class Shape {
  size = 1;
  area(): number { return this.size * this.size; }
}
class Circle extends Shape {
  area(): number { return Math.PI * this.size * this.size; }
}
${marked("  return shape.area() * x;", "x: number, shape: Shape")}`,
  },
  {
    file: "unsupported-construction.ts",
    code: 990062,
    at: "9:13",
    says: "Construct it in the caller and pass it as a parameter.",
    source: `class Base {
  k = 1;
}
class Scaled extends Base {
  m = 2;
}
${marked("  const s = new Scaled();\n  return s.m * x;")}`,
  },
  {
    file: "several-array-returns.ts",
    code: 990060,
    at: "2:24",
    says: "Return a copy ('a.slice()'), or end 'halve' with its only 'return'.",
    source: `function halve(a: number[], n: number): number[] {
  if (n <= 0) { return a; }
  return a.map((v) => v / 2);
}
${marked("  return halve([x], 1)[0];")}`,
  },
  {
    file: "logical-on-values.ts",
    code: 990064,
    at: "3:11",
    says: "Write the choice out ('x !== 0 ? x : 1' for 'x || 1').",
    source: marked("  return (x || 1) * x;"),
  },
  {
    file: "object-call-returns.ts",
    code: 990063,
    at: "7:22",
    says: "Build the value in locals and return it once, at the end.",
    source: `function clamped(x: number): [number[], number] {
  if (x > 1) return [[1], 0];
  return [[x], 1];
}
${marked("  const [v, slope] = clamped(x);\n  return v[0] * slope;")}`,
  },
  {
    file: "object-reassigned.ts",
    code: 990065,
    at: "3:3",
    says: "give the fields new arrays ('{ ...s, pos: s.pos.map(f) }'), declare the object with arrays of its own ('{ pos: x.slice() }'), or declare a new 'const' for the new object.",
    source: marked("  p = { a: x, b: x };\n  return p.a * p.b;", "p: { a: number; b: number }, x: number"),
  },
  {
    file: "shared-object-written.ts",
    code: 990066,
    at: "6:31",
    says: "Assign a new object ('{ ...o }' copies the fields), or set the fields one by one.",
    source: marked(
      "  let best = { v: x, s: x * x };\n  const cand = { v: 2 * x, s: Math.sin(x) };\n  cand.s = 0;\n  if (cand.v > best.v) best = cand;\n  return best.s * best.v;",
    ),
  },
  {
    file: "runtime-alias-taken.ts",
    code: 990067,
    at: "2:10",
    says: "Rename it.",
    source: `import { grad } from "cotangent";
function __ct(x: number): number {
  return x * x;
}
${marked("  return __ct(x) * x;")}
export const g = grad(f);`,
  },
  {
    file: "tuple-computed-index.ts",
    code: 990068,
    at: "4:43",
    says: "Index a number[] or a Float64Array instead.",
    source: marked(
      "  let s = 0;\n  for (let j = 0; j < p.length; j++) s += p[j] * (j + 1);\n  return s;",
      "p: [number, number, number]",
    ),
  },
  {
    file: "print-left-out.ts",
    code: 990069,
    at: "3:3",
    says: "To see values while differentiating, print them in the caller.",
    // The catalog compiles against the ES library alone; Node's types declare 'console' as this file does.
    files: { "print-globals.d.ts": "declare var console: { log(...data: unknown[]): void };" },
    source: marked("  console.log(`x = ${x.toFixed(3)}`, Math.abs(x));\n  return x * x;"),
  },
  {
    file: "private-field-parameter.ts",
    code: 990070,
    at: "8:19",
    says: "Make it a TypeScript 'private' field, or construct the object inside the function.",
    source: `export class Scaler {
  #k = 2;
  scale(x: number): number {
    return this.#k * x;
  }
}
${marked("  return s.scale(x);", "s: Scaler, x: number")}`,
    also: [{ at: "9:10", code: 990040 }],
  },
  {
    file: "loop-in-loop-header.ts",
    code: 990072,
    at: "9:10",
    says: "Compute the value in a variable first",
    source: `function squares(a: number[]): number[] {
  return a.map((v) => v * v);
}


${marked("  let s = 0;\n  while (squares([x, s])[1] < 3) s += x;\n  return s;")}`,
  },
  {
    file: "print-with-effects.ts",
    code: 990073,
    at: "4:3",
    says: "Compute the values in statements of their own, then print them.",
    source: marked("  let y = 0;\n  console.log((y = 2 * x));\n  return x * y;"),
    // 'console' is declared by print-left-out's print-globals.d.ts, in the same program.
  },
  {
    file: "nullish-operand.ts",
    code: 990074,
    at: "3:11",
    says: "'o.a' may be null or undefined",
    source: marked("  return (o.a ?? 1) * x;", "x: number, o: { a: number | undefined }"),
  },
  {
    file: "array-rebinding.ts",
    code: 990075,
    at: "5:3",
    says: "'y = y.map((v) => v * v)' would leave two names for one array",
    source: marked("  let y = x;\n  y[1] = 2 * y[0];\n  y = y.map((v) => v * v);\n  return y[0];", "x: number[]"),
  },
  {
    file: "sort-without-comparator.ts",
    code: 990076,
    at: "3:13",
    says: "would compare the numbers as text",
    source: marked("  const s = x.slice().sort();\n  return s[0];", "x: number[]"),
  },
  {
    file: "spread-hypot.ts",
    code: 990077,
    at: "3:10",
    says: "Write the norm out",
    source: marked("  return Math.hypot(...x);", "x: number[]"),
  },
  {
    file: "shared-matrix-row.ts",
    code: 990078,
    at: "5:10",
    says: "'r' cannot become a row of 'm'",
    source: marked(
      "  const m: number[][] = [];\n  const r = [x[0], x[1]];\n  m.push(r);\n  m.push(r);\n  m[0][0] = 5;\n  return m[1][0];",
      "x: number[]",
    ),
  },
  {
    file: "built-matrix-to-recursion.ts",
    code: 990079,
    at: "7:16",
    says: "'m' is a matrix 'f' builds",
    source: `function depth(m: number[][], k: number): number {
  return k <= 0 ? m[0][0] : depth(m, k - 1);
}
// @differentiate
export function f(x: number[]): number {
  const m = [[x[0], 1]];
  return depth(m, 2);
}`,
  },
  {
    file: "row-name-across-replacement.ts",
    code: 990080,
    at: "5:3",
    says: "which JavaScript would leave naming the old row",
    source: marked("  const m = [[x[0], 1]];\n  const r = m[0];\n  m[0] = [x[1], 2];\n  return r[0];", "x: number[]"),
  },
  {
    file: "row-as-array.ts",
    code: 990081,
    at: "5:10",
    says: "'m[0]' is a row of the matrix 'm' where an array of its own is needed",
    source: marked(
      "  const m = [[x[0], 1]];\n  let last = [0, 0];\n  last = m[0];\n  last[0] = 2;\n  return m[0][0];",
      "x: number[]",
    ),
  },
  {
    file: "comparator-writes.ts",
    code: 990082,
    at: "6:5",
    says: "changes 'calls', which outlives one comparison",
    source: marked(
      "  const y = x.slice();\n  let calls = 0;\n  y.sort((a, b) => {\n    calls++;\n    return a - b;\n  });\n  return y[0] * calls;",
      "x: number[]",
    ),
  },
  {
    file: "nested-marker.ts",
    code: 990083,
    at: "4:22",
    says: "Third derivatives are not supported",
    source: `import { grad, hessian } from "cotangent";
// @differentiate
export function f(x: number): number { return x * x * x; }
export const third = hessian(grad(f));`,
  },
  {
    file: "nested-not-gradient.ts",
    code: 990084,
    at: "4:29",
    says: "For mixed second derivatives in several parameters, use 'hessian(f, [j, k])'",
    source: `import { grad, jacfwd } from "cotangent";
// @differentiate
export function f(x: number, y: number): number { return x * y * y; }
export const mixed = jacfwd(grad(f, [0, 1]));`,
  },
  {
    file: "gradient-call.ts",
    code: 990085,
    at: "5:10",
    says: "name its value and gradient, 'const [v, g] = valueAndGrad(f)(x)'",
    source: `import { valueAndGrad } from "cotangent";
export function f(x: number): number { return x * x * x; }
// @differentiate
export function k(x: number): number {
  return valueAndGrad(f)(x)[1] * x;
}`,
  },
  {
    file: "third-order.ts",
    code: 990086,
    at: "6:26",
    says: "it calls the gradient 'grad(f)', so that would take third derivatives",
    source: `import { grad, hessian } from "cotangent";
export function f(x: number): number { return x * x * x; }
// @differentiate
export function k(x: number): number { return grad(f)(x) * x; }
export const dk = grad(k);
export const h = hessian(k);`,
  },
  {
    file: "nested-matrix.ts",
    code: 990087,
    at: "4:55",
    says: "Use 'jacfwd' or 'jacrev' of the gradient with 'argnums' naming the other parameters",
    source: `import { grad, vjp } from "cotangent";
// @differentiate
export function f(m: number[][], x: number): number { return m[0][0] * x * x; }
export const pull = (m: number[][], x: number) => vjp(grad(f, 1), m, x);`,
  },
  {
    file: "written-view.ts",
    code: 990088,
    at: "4:13",
    says: "Copy them with 'theta.slice(…)' instead, or index 'theta' directly",
    source: `import { grad } from "cotangent";
// @differentiate
export function f(theta: Float64Array): number {
  const w = theta.subarray(1);
  w[0] = 2 * theta[0];
  return w[0] * theta[1];
}
export const g = grad(f);`,
  },
  {
    file: "object-field-replaced.ts",
    code: 990090,
    at: "6:3",
    says: "it holds an object, and Cotangent follows the number and array fields of a local object",
    also: [
      { at: "7:10", code: 990002 },
      { at: "7:20", code: 990002 },
    ],
    source: `import { grad } from "cotangent";
class V { constructor(public x: number, public y: number) {} }
class P { constructor(public pos: V) {} }
// @differentiate
export function f(x: number): number { const p = new P(new V(x, 0));
  p.pos = new V(p.pos.x + x, 1);
  return p.pos.x * p.pos.y;
}
export const g = grad(f);`,
  },
  {
    file: "array-of-holes.ts",
    code: 990091,
    at: "4:13",
    says: "makes an array of empty slots, which read as undefined (NaN in arithmetic). Fill it",
    source: `import { grad } from "cotangent";
// @differentiate
export function f(x: number): number {
  const a = new Array<number>(3);
  a[0] = x;
  return a[0] * x;
}
export const g = grad(f);`,
  },
  {
    file: "general-array-local.ts",
    code: 990092,
    at: "3:9",
    says: "which may hold more than one kind of array; Cotangent reads parameters of such types, but a value made from one (a local, 'a.map(f)', 'a.slice(1)') must have one kind",
    source: `import { grad } from "cotangent";
function firstTwo(a: number[] | Float32Array): number {
  const c = a.slice();
  return c[0] * c[1];
}
// @differentiate
export function f(x: number[]): number {
  return firstTwo(x);
}
export const g = grad(f);`,
  },
  {
    file: "outside-matrix-write.ts",
    code: 990093,
    at: "4:4",
    also: [{ at: "4:10", code: 990093 }],
    says: "a differentiated function writes the rows of matrices it builds, but not those of a parameter's or another outside matrix",
    source: `import { grad } from "cotangent";
// @differentiate
export function f(A: number[][]): number {
  [A[0], A[1]] = [A[1], A[0]];
  return A[0][0] * A[1][1];
}
export const g = grad(f);`,
  },
  {
    file: "array-field-replaced.ts",
    code: 990095,
    at: "5:3",
    says: "Cannot give 's.pos' a new array: Cotangent follows the array an object's field holds from where the object is made. Write into its elements ('s.pos[i] = …'), or make a new object in a 'let' variable ('s = { ...s, pos: next }')",
    source: `import { grad } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  const s = { pos: x.slice(), t: 0 };
  s.pos = x.map((v) => v * 2);
  return s.pos[0];
}
export const g = grad(f);`,
  },
  {
    file: "undefined-assigned.ts",
    code: 990096,
    at: "4:10",
    says: "'y.find((v) => v > x)' may be undefined where Cotangent cannot tell, so the flag it keeps for whether 'prev' holds a number cannot follow the assignment.",
    source: marked(
      `  let prev: number | undefined;\n  prev = y.find((v) => v > x);\n  return prev !== undefined ? prev * x : x;`,
      "x: number, y: number[]",
    ),
  },
  {
    file: "object-array-field.ts",
    code: 990097,
    at: "6:23",
    says: "'net.layers' is an array of objects ('Layer[]') held in an object's field, which Cotangent cannot read yet",
    source: `import { grad } from "cotangent";
interface Layer { W: number[][][] }
// @differentiate
export function f(net: { layers: Layer[] }, x: number): number {
  let s = x;
  for (let l = 0; l < net.layers.length; l++) s = s * 2;
  return s;
}
export const g = grad(f, [1]);`,
  },
  {
    file: "element-method-call.ts",
    code: 990098,
    at: "9:29",
    says: "Cannot call the method 'norm' on 'p', an element of the array of objects 'pts': Cotangent reads such arrays as data",
    source: `import { grad } from "cotangent";
export class Vec {
  constructor(public x: number, public y: number) {}
  norm(): number { return Math.sqrt(this.x * this.x + this.y * this.y); }
}
// @differentiate
export function f(pts: Vec[], k: number): number {
  let s = 0;
  for (const p of pts) s += p.norm() * k;
  return s;
}
export const g = grad(f, [1]);`,
  },
  {
    file: "aliased-array-arguments.ts",
    code: 990099,
    at: "9:16",
    says: "'acc' is passed to 'addInto' for two parameters, and 'addInto' writes into an array parameter",
    source: `import { grad } from "cotangent";
function addInto(out: number[], a: number[], k: number): void {
  for (let i = 0; i < out.length; i++) out[i] += k * a[i];
}
// @differentiate
export function f(x: number[]): number {
  const acc = x.slice();
  addInto(acc, x, 2);
  addInto(acc, acc, 0.5);
  return acc[0];
}
export const g = grad(f);`,
  },
  {
    file: "logical-assignment-to-element.ts",
    code: 990100,
    at: "5:3",
    says: "'keep[0] ||= x[0] > 0' assigns an array's element with '||=', which Cotangent does not lower yet. Write the assignment out: 'keep[0] = keep[0] || …'.",
    source: `import { grad } from "cotangent";
// @differentiate
export function f(x: Float64Array): number {
  const keep = new Array<boolean>(x.length).fill(false);
  keep[0] ||= x[0] > 0;
  return keep[0] ? x[0] : 0;
}
export const g = grad(f);`,
  },
  {
    file: "records-gradient-use.ts",
    code: 990104,
    at: "8:23",
    says: "'obs' is in argnums, but its field 'xs' holds an array. A gradient in an array of records is taken in its elements' number fields",
    source: `import { grad } from "cotangent";
export interface Sample { xs: number[]; w: number }
function first(obs: Sample[]): number {
  return obs[0].xs[0];
}
// @differentiate
export function f(obs: Sample[]): number { return first(obs) * obs[0].w; }
export const g = grad(f);`,
  },
  {
    file: "record-rebinding.ts",
    code: 990105,
    at: "6:22",
    says: "'p = qs[0]' would make 'p' name an element of another array of records",
    source: `import { grad } from "cotangent";
interface Pt { x: number; y: number }
// @differentiate
export function f(ps: Pt[], qs: Pt[], k: number): number {
  let p = ps[0];
  if (k > ps.length) p = qs[0];
  return p.x * k;
}
export const g = grad(f, [2]);`,
  },
  {
    file: "function-argument-to-recursive.ts",
    code: 990106,
    at: "9:10",
    says: "'adaptive' is given a function ('(t) => Math.sin(k * t)') and calls itself",
    source: `import { grad } from "cotangent";
function adaptive(fn: (t: number) => number, a: number, b: number, depth: number): number {
  const m = (a + b) / 2;
  if (depth === 0) return ((b - a) / 6) * (fn(a) + 4 * fn(m) + fn(b));
  return adaptive(fn, a, m, depth - 1) + adaptive(fn, m, b, depth - 1);
}
// @differentiate
export function f(k: number): number {
  return adaptive((t) => Math.sin(k * t), 0, 1, 4);
}
export const g = grad(f);`,
  },
  {
    file: "second-order-draws.ts",
    code: 990107,
    at: "7:25",
    also: [{ at: "4:24", code: 990049 }],
    says: "'jacrev' of 'f' would take second derivatives of random numbers drawn by 'f' or what it calls",
    source: `import { grad, jacrev } from "cotangent";
// @differentiate
export function f(x: number[]): number {
  return x[0] * x[1] * Math.random();
}
// The gradient's sweeps under jacrev would each draw anew.
export const h = jacrev(grad(f));`,
  },
  {
    file: "options-object-value.ts",
    code: 990108,
    at: "5:11",
    says: "'opts' is an options object a call may leave out, and Cotangent reads its fields, not the object",
    source: `import { grad } from "cotangent";
export interface Fit { scale: number }
// @differentiate
export function f(x: number, opts?: Fit): number {
  return (opts ? opts.scale : 1) * x;
}
export const g = grad(f);`,
  },
  {
    file: "object-identity.ts",
    code: 990109,
    at: "4:10",
    says: "'p === q' compares objects, which Cotangent holds as their fields",
    source: `import { grad } from "cotangent";
export interface Body { x: number; m: number }
function pair(p: Body, q: Body): number {
  return p === q ? 0 : p.m * q.m * (p.x - q.x) ** 2;
}
// @differentiate
export function f(bs: readonly Body[]): number {
  return pair(bs[0], bs[1]);
}
export const g = grad(f);`,
  },
  {
    file: "unsupported-maker.ts",
    code: 990110,
    at: "8:9",
    also: [{ at: "9:14", code: 990044 }],
    says: "'pow' is a function made by 'power', which Cotangent inlines where the function is made only when",
    source: `import { grad } from "cotangent";
function power(n: number): (x: number) => number {
  if (n === 0) return () => 1;
  return (x: number) => x ** n;
}
// @differentiate
export function f(x: number): number {
  const pow = power(3);
  return pow(x);
}
export const g = grad(f);`,
  },
  {
    file: "reassigned-matrix-name.ts",
    code: 990111,
    at: "4:7",
    says: "'W' names one matrix of the array of matrices 'Ws', which Cotangent reads in place, so the name cannot",
    source: `import { grad } from "cotangent";
// @differentiate
export function f(Ws: number[][][], x: number): number {
  let W = Ws[0];
  if (x > 0) W = Ws[1];
  return W[0][0] * x;
}
export const g = grad(f, [0, 1]);`,
  },
  {
    file: "in-place-matrix-value.ts",
    code: 990112,
    at: "8:50",
    says: "'Ws[l]' is one matrix of the array of matrices 'Ws', which Cotangent reads in place",
    source: `import { grad } from "cotangent";
function total(W: number[][], i: number): number {
  return i < 0 ? 0 : W[i][0] + total(W, i - 1);
}
// @differentiate
export function f(Ws: number[][][]): number {
  let s = 0;
  for (let l = 0; l < Ws.length; l++) s += total(Ws[l], 1);
  return s;
}
export const g = grad(f);`,
  },
  {
    file: "mixed-matrix-records.ts",
    code: 990113,
    at: "4:19",
    says: "its field 'name' is none of these",
    source: `import { grad } from "cotangent";
export interface Layer { W: number[][]; gain: number; name: string }
// @differentiate
export function f(layers: Layer[], x: number): number {
  let s = 0;
  for (const layer of layers) s += layer.gain * layer.W[0][0] * x;
  return s;
}
export const g = grad(f, [1]);`,
  },
  {
    file: "matrices-not-parameter.ts",
    code: 990114,
    at: "6:19",
    says: "'net.layers' is an array of matrices or of records that hold matrices ('Layer[]'), which Cotangent reads only",
    source: `import { grad } from "cotangent";
export interface Layer { W: number[][]; b: number[] }
// @differentiate
export function f(net: { layers: Layer[]; scale: number }, x: number): number {
  let s = 0;
  for (const L of net.layers) s += L.W[0][0] * x;
  return s * net.scale;
}
export const g = grad(f, [1]);`,
  },
  {
    file: "shared-record.ts",
    code: 990115,
    at: "7:36",
    says: "Only object literals can be added to 'copies', which Cotangent holds field by field: 'p' may be an object",
    source: `import { grad } from "cotangent";
interface P { x: number; y: number }
// @differentiate
export function f(a: number): number {
  const pts: P[] = [{ x: a, y: 1 }];
  const copies: P[] = [];
  for (const p of pts) copies.push(p);
  pts[0].y += a;
  return copies[0].y * a;
}
export const g = grad(f);`,
  },
  {
    file: "record-result-field.ts",
    code: 990116,
    at: "4:40",
    says: "'fit' returns 'Fit', whose field 'label' is none of a number, an array of numbers",
    source: `import { jacrev } from "cotangent";
interface Fit { slope: number; label: string }
export function fit(x: number): Fit { return { slope: 2 * x, label: "linear" }; }
export const j = (x: number) => jacrev(fit)(x);`,
  },
  {
    file: "marker-options.ts",
    code: 990117,
    at: "5:31",
    says: "'grad' takes its options as an object literal written in the call",
    source: `import { grad } from "cotangent";
export function fit(x: number): [number, number] { return [x * x, x]; }
const aux = true;
const options = { hasAux: aux } as const;
export const g = grad(fit, 0, { hasAux: aux });
export const h = options;`,
  },
  {
    file: "aux-result.ts",
    code: 990118,
    at: "3:31",
    says: "'fit' returns '[number, string]', but 'valueAndGrad' with '{ hasAux: true }' needs a function that returns '[loss, aux]'",
    source: `import { valueAndGrad } from "cotangent";
export function fit(x: number): [number, string] { return [x * x, "square"]; }
export const g = valueAndGrad(fit, 0, { hasAux: true });`,
  },
  {
    file: "aux-rerun.ts",
    code: 990119,
    at: "7:23",
    says: "'grad' with '{ hasAux: true }' runs 'fit' once more to size its seed",
    source: `import { grad } from "cotangent";
// @differentiate
export function fit(x: number[]): [number, number[]] {
  x[0] = 2 * x[0];
  return [x[0] * x[0], x.slice()];
}
export const g = grad(fit, 0, { hasAux: true });`,
  },
  {
    file: "nested-aux.ts",
    code: 990120,
    at: "4:25",
    says: "'jacfwd' cannot differentiate 'grad(fit, 0, { hasAux: true })': a gradient with '{ hasAux: true }' gives '[gradient, aux]'",
    source: `import { grad, jacfwd } from "cotangent";
// @differentiate
export function fit(x: number[]): [number, number] { return [x[0] * x[1] * x[1], x[0]]; }
export const h = jacfwd(grad(fit, 0, { hasAux: true }));`,
  },
  {
    file: "object-reduce.ts",
    code: 990121,
    at: "7:13",
    says: "a reduce to an object or an array: give it an inline callback and an initial object. Write it as a loop",
    source: `function step(acc: { a: number }, v: number): { a: number } {
  return { a: acc.a + v };
}
// @differentiate
export function f(x: number[]): number {
  let t = 0;
  const s = x.reduce(step, { a: 0 });
  return s.a + t;
}`,
  },
  {
    file: "evolving-array.ts",
    code: 990122,
    at: "3:9",
    says: "'steps' is declared as '[]' without a type, and its uses (never read, given 'number', '\"done\"')",
    source: `// @differentiate
export function f(x: number): number {
  const steps = [];
  steps.push(x);
  steps.push("done");
  return steps.length * x;
}`,
  },
  {
    file: "shared-matrix-rows.ts",
    code: 990094,
    at: "4:13",
    says: "cannot become the rows of 'M' as they are: JavaScript would share each row between the two matrices",
    source: `import { grad } from "cotangent";
// @differentiate
export function f(A: number[][]): number {
  const M = A.slice();
  M[0][0] = 2;
  return M[0][0] * M[1][1];
}
export const g = grad(f);`,
  },
  {
    file: "spread-arguments.ts",
    code: 990089,
    at: "5:10",
    says: "spreads an array into the arguments of 'h', which Cotangent does not follow. Pass the elements one by one ('a[0], a[1]')",
    source: `import { grad } from "cotangent";
function h(a: number, b: number): number { return a * b; }
// @differentiate
export function f(x: [number, number]): number {
  return h(...x);
}
export const g = grad(f);`,
  },
];

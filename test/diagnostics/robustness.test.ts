/**
 * Odd inputs never crash the compiler: syntax errors inside marked functions, empty bodies, overloads, deep
 * nesting, and every statement and expression kind TypeScript parses, each inside a function that markers ask for
 * in both modes. The compile must not throw, no message may carry a stack trace, and an internal error (TS990010)
 * must name a function of the program rather than a file.
 */
import { compile, type CompileResult } from "../helpers/compile";

/** A marked function around `body`, asked for in reverse mode (grad) and forward mode (jvp). */
const program = (body: string, params = "x: number, xs: number[], o: { a: number }, flag: boolean"): string =>
  `import { grad, jvp } from "cotangent";
declare function ext(t: number): number;
const table = [1, 2, 3];
// @differentiate
export function f(${params}): number {
${body}
}
export const df = grad(f);
export const tf = (x: number) => jvp((y: number) => y * 2, [x], [1]);
`;

const statements: Record<string, string> = {
  var: "var v = x; return v;",
  "let-without-initializer": "let v: number; v = x; return v;",
  "const-destructuring": "const [a, b] = [x, x]; return a + b;",
  "object-destructuring": "const { a } = o; return a * x;",
  if: "if (x > 0) { return x; } else if (x < -1) return -x; return 0;",
  for: "let s = 0; for (let i = 0, j = 1; i < 3; i++, j++) s += x * j; return s;",
  "for-empty": "for (;;) { return x; }",
  "for-in": "let s = 0; for (const k in o) s += x; return s;",
  "for-of-string": 'let s = 0; for (const c of "ab") s += x; return s;',
  "for-of-destructuring": "let s = 0; for (const [a] of [[x]]) s += a; return s;",
  while: "let s = x; while (s < 10) s *= 2; return s;",
  do: "let s = x; do { s *= 2; } while (s < 10); return s;",
  "break-continue-labels":
    "let s = 0; a: for (let i = 0; i < 3; i++) { b: for (;;) { if (i) continue a; break b; } s += x; } return s;",
  "label-on-if": "l: if (x) { break l; } return x;",
  switch: "switch (x) { case 1: return x; default: return 2 * x; }",
  try: "try { return x; } catch (e) { return 0; } finally { x = 1; }",
  throw: "throw x;",
  debugger: "debugger; return x;",
  empty: ";;; return x;",
  block: "{ { { return x; } } }",
  "function-declaration": "function g() { return x; } return g();",
  "class-declaration": "class C { m() { return x; } } return new C().m();",
  interface: "interface I { a: number } const i: I = { a: x }; return i.a;",
  "type-alias": "type T = number; const t: T = x; return t;",
  "return-nothing": "return;",
  "return-in-finally-only": "try { x = 2; } finally { return x; }",
  "expression-statements": "x; 1; 'a'; xs; o; return x;",
  "local-enum": "enum E { A = 1 } return x * E.A;",
  "local-arrow": "const g = (y: number) => y * 2; return g(x);",
  "using-declaration": "using r = { [Symbol.dispose]() {} }; return x;",
};

const expressions: Record<string, string> = {
  "object-literal": "({ a: x }).a",
  "array-literal": "[x, x][0]",
  template: "`${x}`.length",
  "tagged-template": "String.raw`${x}`.length",
  regex: "/x/.source.length",
  "new-date": "new Date(x).getTime()",
  "optional-chain": "o?.a ?? 0",
  "optional-call": "Math.sin?.(x)",
  "element-string-key": 'o["a"]',
  spread: "Math.max(...xs)",
  "spread-call": "ext(...[x])",
  arrow: "((y: number) => y * 2)(x)",
  "function-expression": "(function (y: number) { return y; })(x)",
  "class-expression": "new (class { v = 1 })().v",
  typeof: '(typeof x === "number" ? x : 0)',
  void: "(void x, x)",
  delete: "(delete (o as any).a, x)",
  comma: "(x, x)",
  as: "(x as unknown as number)",
  "non-null": "xs[0]!",
  satisfies: "(x satisfies number)",
  "type-assertion": "(<number>x)",
  "new-target": "(new.target ? 1 : x)",
  "await-outside-async": "(await x)",
  "yield-outside-generator": "(yield x)",
  "assignment-chain": "(x = x = 2)",
  "compound-assignments": "(x **= 2, x %= 3, x <<= 1)",
  "postfix-on-element": "(xs[0]++)",
  "prefix-on-property": "(++o.a)",
  "in-operator": '("a" in o ? x : 0)',
  instanceof: "(xs instanceof Array ? x : 0)",
  "bigint-literal": "Number(1n) * x",
  "string-literal": '"s".length * x',
  "boolean-arithmetic": "(flag as unknown as number) * x",
  "this-in-arrow": "(() => this)() ? x : 0",
  "dynamic-import": 'import("fs").then(() => 1) ? x : 0',
  "marker-inside": "grad((y: number) => y * y)(x)",
  "eval-call": 'eval("x")',
  "captured-table": "table[0] * x",
  "math-constant-call": "(Math.PI as any)(x)",
  "callee-from-element": "[Math.sin][0](x)",
  "deep-parentheses": "(".repeat(300) + "x" + ")".repeat(300),
  "deep-ternary": Array.from({ length: 60 }, (_, i) => `x > ${i} ? ${i} * x : `).join("") + "x",
  "deep-sum": Array.from({ length: 400 }, () => "x").join(" + "),
};

const oddities: Record<string, string> = {
  "syntax-missing-operand": program("return x * ;"),
  "syntax-unclosed-brace": program("if (x > 0) { return x;"),
  "syntax-missing-paren": program("return Math.sin(x;"),
  "syntax-garbage": program("return x @@ ## 3;"),
  "syntax-keyword-soup": program("return return return;"),
  "syntax-in-callee-file": `import { grad } from "cotangent";
import { broken } from "./odd-syntax-callee.js";
// @differentiate
export function uses(x: number): number { return broken(x) * 2; }
export const du = grad(uses);`,
  "syntax-callee": `export function broken(x: number): number { return x * (x + ; }`,
  "empty-body": program(""),
  "no-parameters": program("return 1;", ""),
  "rest-parameter": program("return x;", "...x: number[]"),
  "overloads-annotated-implementation": `import { grad } from "cotangent";
export function g(x: number): number;
export function g(x: string): number;
// @differentiate
export function g(x: number | string): number { return typeof x === "number" ? x * x : 0; }
export const dg = grad(g as (x: number) => number);`,
  "overloads-annotated-signature": `import { grad } from "cotangent";
// @differentiate
export function h(x: number): number;
export function h(x: number): number { return x * x; }
export const dh = grad(h);`,
  "markers-odd": `import { grad, jvp, vjp, jacfwd, jacrev, valueAndGrad } from "cotangent";
function f(x: number): number { return x * x; }
export const a = (grad as any)();
export const b = grad(123 as any);
export const c = grad(undefined as any);
export const d = grad(grad(f) as any);
export const e = jvp(f, [...[1]] as [number], [1]);
export const g = vjp(f, ...([1] as [number]));
export const h = jacfwd(f, -1 as any);
export const i = jacrev(f, 0.5 as any);
export const j = valueAndGrad(f, [] as any);
export const k = grad((x: number): number => x * x, [0, 0]);`,
  "recursion-without-base": `import { grad } from "cotangent";
// @differentiate
export function r(x: number): number { return r(x) * x; }
export const dr = grad(r);`,
  "deep-nesting-statements": program(
    "let s = x;\n" +
      Array.from({ length: 40 }, (_, i) => `if (s > ${i}) { for (let i${i} = 0; i${i} < 1; i${i}++) {`).join("\n") +
      "s = s * 2;" +
      "} }".repeat(40) +
      "\nreturn s;",
  ),
  "annotated-everything": `// @differentiate
export class K {}
// @differentiate
export let v = 1;
// @differentiate
export const w = 1, u = (x: number) => x;
// @differentiate
export default function (x: number): number { return x; }
// @differentiate
`,
};

const files: Record<string, string> = {
  ...Object.fromEntries(Object.entries(statements).map(([k, body]) => [`stmt-${k}.ts`, program(body)])),
  ...Object.fromEntries(Object.entries(expressions).map(([k, e]) => [`expr-${k}.ts`, program(`return ${e};`)])),
  ...Object.fromEntries(Object.entries(oddities).map(([k, text]) => [`odd-${k}.ts`, text])),
};

/** Every function name declared in a source: what an internal error may name. */
function functionNames(text: string): Set<string> {
  const names = new Set(["the arrow"]);
  for (const m of text.matchAll(/function\s*\*?\s*([A-Za-z_$][\w$]*)|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/g)) {
    names.add(m[1] ?? m[2]);
  }
  return names;
}

let out: CompileResult | undefined;
function compiled(): CompileResult {
  // A crash here is the failure this suite is about; `compile` itself must not throw.
  out ??= compile(files);
  return out;
}

test("compiling every odd input returns diagnostics instead of throwing", () => {
  expect(() => compiled()).not.toThrow();
  expect(compiled().diagnostics.length).toBeGreaterThan(0);
});

test("no diagnostic carries a stack trace", () => {
  const all = [...compiled().diagnostics, ...compiled().warnings];
  expect(all.filter((d) => /\n\s+at |\.js:\d+:\d+/.test(d))).toEqual([]);
});

test("an internal error names a function of the program, not a file", () => {
  const internal = compiled().diagnostics.filter((d) => d.includes("TS990010"));
  for (const d of internal) {
    const file = d.slice(0, d.indexOf(":"));
    const named = /while differentiating '([^']*)'/.exec(d)?.[1] ?? "";
    expect({ d, named: named.split("', '").every((n) => functionNames(files[file] ?? "").has(n)) }).toEqual({
      d,
      named: true,
    });
  }
});

test("every odd file gets an answer: emitted, or at least one error that points into it", () => {
  const result = compiled();
  for (const file of Object.keys(files)) {
    const emitted = typeof result.js[file] === "string";
    const reported = result.diagnostics.some((d) => d.startsWith(`${file}:`));
    expect({ file, answered: emitted || reported }).toEqual({ file, answered: true });
  }
});

test("local interfaces and type aliases are skipped: they have no run-time effect", () => {
  const local = compile({
    "types.ts": `import { grad } from "cotangent";
// @differentiate
export function f(x: number): number {
  interface Pair { a: number; b: number }
  type Scale = number;
  const k: Scale = 3;
  const p: Pair = { a: x * k, b: x * x };
  return p.a + p.b;
}
export const df = grad(f);`,
  });
  expect(local.diagnostics).toEqual([]);
  // d(3x + x²)/dx = 3 + 2x
  expect(local.load("types.ts").df(1.5)).toBeCloseTo(6, 12);
});

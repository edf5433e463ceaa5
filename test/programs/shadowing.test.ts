/**
 * Names the generated code reads from outside the differentiated function (module constants, imports, what inlined
 * callees read) against locals and parameters of the same name (lower/outsideNames.ts). Each program once read the
 * wrong binding and gave a wrong value or gradient without a word; each is checked against its gradient derived by
 * hand, and forward mode against it.
 */
import { compile } from "../helpers/compile";

interface Case {
  readonly name: string;
  readonly source: string;
  /** A point, and the gradient there in each parameter, derived by hand. */
  readonly at: readonly unknown[];
  readonly gradient: readonly unknown[];
}

const cases: readonly Case[] = [
  {
    name: "a callback's parameter named like a module constant",
    source: `const k = 3;
export function f(x: number[]): number {
  const y = x.map((k) => k * k);
  return y[0] + x[1] * k;
}`,
    at: [[1, 2]],
    gradient: [[2, 3]],
  },
  {
    name: "a for-of variable named like a module constant",
    source: `const w = 0.5;
export function f(x: number, ws: number[]): number {
  let s = 0;
  for (const w of ws) s += w * x;
  return s + w * x;
}`,
    at: [1, [1, 1]],
    gradient: [2.5, [1, 1]],
  },
  {
    name: "a block's constant shadowing a module constant read before it",
    source: `const k = 3;
export function f(x: number): number {
  let s = x * k;
  {
    const k = 2;
    s += k * x * x;
  }
  return s;
}`,
    at: [1],
    gradient: [7],
  },
  {
    name: "an inlined helper's parameter bound to the module constant of its name",
    source: `const k = 3;
function scale(v: number[], k: number): number[] {
  return v.map((x) => x * k);
}
export function f(v: number[]): number {
  const w = scale(v, k);
  return w[0] + w[1];
}`,
    at: [[1, 2]],
    gradient: [[3, 3]],
  },
  {
    name: "an inlined helper reading a module constant its caller names a local",
    source: `const k = 3;
function scaleK(v: number[]): number[] {
  return v.map((x) => x * k);
}
export function f(v: number[]): number {
  const k = 10;
  const w = scaleK(v);
  return w[0] + w[1] * k;
}`,
    at: [[1, 2]],
    gradient: [[3, 30]],
  },
  {
    name: "an inlined helper reading a module constant its caller names a parameter",
    source: `const dt = 0.01;
function step(s: number[]): number[] {
  return [s[0] + dt * s[1], s[1]];
}
export function f(s0: number[], dt: number): number {
  const s = step(s0);
  return s[0] * dt;
}`,
    at: [[1, 2], 0.5],
    gradient: [[0.5, 0.005], 1.02],
  },
  {
    name: "an inlined helper's local shadowing a module constant its caller reads",
    source: `const c = 2;
function twice(v: number[]): number[] {
  const c = 5;
  return v.map((x) => x * c);
}
export function f(v: number[]): number {
  const w = twice(v);
  return w[0] * c;
}`,
    at: [[1, 2]],
    gradient: [[10, 0]],
  },
  {
    name: "a block's number shadowing a module array",
    source: `const W = [1, 2, 3];
export function f(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += W[i] * x[i];
  {
    const W = x[0] * 10;
    s += W;
  }
  return s;
}`,
    at: [[1, 1, 1]],
    gradient: [[11, 2, 3]],
  },
  {
    name: "a method's parameter named like the module constant passed to it",
    source: `const k = 3;
class Lin {
  constructor(public a: number) {}
  apply(k: number): number[] {
    return [this.a * k, this.a + k];
  }
}
export function f(a: number): number {
  const r = new Lin(a).apply(k);
  return r[0] + r[1];
}`,
    at: [2],
    gradient: [4],
  },
  {
    name: "a local arrow's parameter named like a module constant",
    source: `const k = 3;
export function f(x: number): number {
  const sq = (k: number) => k * k;
  return sq(x) + k * x;
}`,
    at: [1],
    gradient: [5],
  },
  {
    name: "an imported constant shadowed in a loop",
    source: `import { K } from "./lib.js";
export function f(x: number): number {
  let s = K * x;
  for (let i = 0; i < 2; i++) {
    const K = i + 1;
    s += K * x;
  }
  return s;
}`,
    at: [1],
    gradient: [6],
  },
  {
    name: "a local named like a module function the generated code calls",
    source: `function clamp(t: number): number {
  return Math.min(Math.max(t, -1), 1);
}
export function f(x: number): number {
  let s = 0;
  for (let i = 0; i < 2; i++) {
    const clamp = x * i;
    s += clamp;
  }
  return s + clamp(x) * x;
}`,
    at: [0.5],
    gradient: [1 + 2 * 0.5],
  },
];

const flat = (v: unknown): number[] => (typeof v === "number" ? [v] : (v as unknown[]).flatMap(flat));

const files: Record<string, string> = {};
cases.forEach((c, k) => {
  const argnums = c.at.map((_, i) => i).join(", ");
  files[`case${k}/main.ts`] = `import { grad, jvp } from "cotangent";
${c.source.replace("export function f", "// @differentiate\nexport function f")}
export const g = grad(f, [${argnums}]);
export const t = (p: Parameters<typeof f>, u: Parameters<typeof f>) => jvp(f, p, u);
`;
  files[`case${k}/lib.ts`] = "export const K = 3;";
});
const out = compile(files);

describe("reads from outside the function keep their meaning beside locals of the same name", () => {
  cases.forEach((c, k) => {
    test(c.name, () => {
      expect(out.diagnostics.filter((d) => d.startsWith(`case${k}/`))).toEqual([]);
      const m = out.load(`case${k}/main.ts`);
      const gradient = flat(m.g(...c.at));
      const expected = flat(c.gradient);
      expect(gradient).toHaveLength(expected.length);
      gradient.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 12));
      // Forward mode along the point itself: the value, and ⟨∇f, at⟩.
      const [value, tangent] = m.t(c.at, c.at);
      expect(value).toBe(m.f(...c.at));
      const along = flat(c.at).reduce((s, x, i) => s + x * expected[i], 0);
      expect(tangent).toBeCloseTo(along, 12);
    });
  });
});

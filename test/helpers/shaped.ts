/**
 * Derivative checks for functions of numbers and arrays (`number[]`, `Float64Array`, `Float32Array`): the same
 * three checks as check.ts (finite differences, dot-product test between jvp and vjp, primal values), with each
 * argument perturbed in its own shape. Gradients must come back in the parameter's shape.
 */
import { compile } from "./compile";
import { relativeError, rng } from "./check";

/** A number or a one-dimensional array of numbers. */
export type Value = number | number[] | Float64Array | Float32Array;

const isArray = (v: Value): v is number[] | Float64Array | Float32Array => typeof v !== "number";

function like(v: Value, fill: (i: number) => number): Value {
  if (!isArray(v)) return fill(0);
  if (Array.isArray(v)) return v.map((_, i) => fill(i));
  const out = new (v.constructor as Float64ArrayConstructor)(v.length);
  for (let i = 0; i < v.length; i++) out[i] = fill(i);
  return out;
}

function axpy(x: Value, h: number, u: Value): Value {
  return like(x, (i) => (isArray(x) ? x[i] + h * (u as number[])[i] : x + h * (u as number)));
}

function dot(a: Value, b: Value): number {
  if (!isArray(a)) return a * (b as number);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * (b as number[])[i];
  return s;
}

export interface ShapedOptions {
  /** Argument indices held constant (zero tangent, not perturbed). */
  readonly fixed?: readonly number[];
  readonly fdTolerance?: number;
  /** Dot-product tolerance; Float32Array adjoints hold float32 sums, so they agree only to ~1e-7. */
  readonly dotTolerance?: number;
}

/**
 * Compiles `source`, whose function `name` has the parameter list `signature` (TypeScript, e.g.
 * `"x: Float64Array, w: number"`), and checks it at each point. Returns the reverse-mode gradients.
 */
export function checkShaped(
  source: string,
  name: string,
  signature: string,
  points: readonly (readonly Value[])[],
  options: ShapedOptions = {},
): Value[][] {
  const names = signature.split(",").map((p) => p.split(":")[0].trim());
  const types = signature.split(",").map((p) => p.split(":")[1].trim());
  const harness = `${source}
import { jvp as __jvp, vjp as __vjp } from "cotangent";
export const __tangent = (p: [${types.join(", ")}], t: [${types.join(", ")}]) => __jvp(${name}, p, t);
export const __pullback = (${signature}) => __vjp(${name}, ${names.join(", ")});
`;
  const out = compile({ "main.ts": harness });
  if (out.diagnostics.length > 0) throw new Error(`compile errors:\n${out.diagnostics.join("\n")}`);
  const m = out.load("main.ts");
  const f = m[name] as (...xs: Value[]) => number;
  const random = rng(points.length * 31 + signature.length);
  const fixed = new Set(options.fixed ?? []);
  return points.map((x) => {
    const u = x.map((xi, k) => like(xi, () => (fixed.has(k) ? 0 : random() * 2 - 1)));
    const w = random() * 2 - 1;
    const value = f(...x);
    const [forwardValue, ju] = m.__tangent(x, u) as [number, number];
    const [reverseValue, pullback] = m.__pullback(...x) as [number, (ct: number) => Value[]];
    expect(forwardValue).toBe(value);
    expect(reverseValue).toBe(value);
    const jtw = pullback(w);
    const gradient = pullback(1);
    // Gradients have the parameters' shapes.
    gradient.forEach((g, k) => {
      if (!isArray(x[k])) return expect(typeof g).toBe("number");
      expect(g.constructor).toBe(x[k].constructor);
      expect((g as number[]).length).toBe((x[k] as number[]).length);
    });
    const left = ju * w;
    const right = jtw.reduce<number>((acc, g, k) => acc + dot(u[k], g), 0);
    if (!(relativeError(left, right) <= (options.dotTolerance ?? 1e-12)) && !(Math.abs(left - right) < 1e-14)) {
      throw new Error(`dot-product test failed for ${name}: <J·u, w> = ${left}, <u, Jᵀw> = ${right}`);
    }
    const scale = Math.max(1, ...x.flatMap((xi) => (isArray(xi) ? Array.from(xi, Math.abs) : [Math.abs(xi)])));
    const h = 6e-6 * scale;
    const fd = (f(...x.map((xi, k) => axpy(xi, h, u[k]))) - f(...x.map((xi, k) => axpy(xi, -h, u[k])))) / (2 * h);
    const tolerance = options.fdTolerance ?? 1e-6;
    if (!(Math.abs(fd - ju) <= tolerance * Math.max(1, Math.abs(fd), Math.abs(ju)))) {
      throw new Error(`finite differences disagree for ${name}: J·u = ${ju}, central difference = ${fd}`);
    }
    return gradient;
  });
}

/**
 * Checks `name` directly (the whole vjp) and through a differentiated caller, which runs its split forward and
 * reverse sweeps. Returns the direct gradients.
 */
export function checkBothWays(
  source: string,
  name: string,
  signature: string,
  points: readonly (readonly Value[])[],
  options: ShapedOptions = {},
) {
  const args = signature
    .split(",")
    .map((p) => p.split(":")[0].trim())
    .join(", ");
  const caller = `${source}
// @differentiate
export function viaCaller(${signature}): number {
  return 1.5 * ${name}(${args}) + ${name}(${args}) * ${name}(${args});
}`;
  const direct = checkShaped(caller, name, signature, points, options);
  checkShaped(caller, "viaCaller", signature, points, options);
  return direct;
}

/**
 * Derivative checks for functions of numbers and arrays (`number[]`, `Float64Array`, `Float32Array`): the same
 * three checks as check.ts (finite differences, dot-product test between jvp and vjp, primal values), with each
 * argument perturbed in its own shape. Gradients must come back in the parameter's shape.
 */
import { compile, type HarnessOptions } from "./compile";
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
  /**
   * Called instead of failing when J·u disagrees with a central difference that itself changes with the step (h vs
   * 2h): the function is too ill-conditioned there for differences to check anything (iterated maps in generated
   * programs). Without it, any disagreement fails.
   */
  readonly onUnstableDifference?: () => void;
}

/** The parameter names and types of a signature such as `"x: Float64Array, w: number"`. */
function parameters(signature: string): { names: string[]; types: string[] } {
  const parts = signature.split(",").map((p) => p.split(":"));
  return { names: parts.map((p) => p[0].trim()), types: parts.map((p) => p[1].trim()) };
}

/** Exports `__tangent_<name>`, `__pullback_<name>` and `__grad_<name>`: the jvp, vjp and grad markers on `name`. */
function harness(name: string, signature: string): string {
  const { names, types } = parameters(signature);
  return `
import { jvp as __jvp_${name}, vjp as __vjp_${name}, grad as __grad_of_${name} } from "cotangent";
export const __tangent_${name} = (p: [${types.join(", ")}], t: [${types.join(", ")}]) => __jvp_${name}(${name}, p, t);
export const __pullback_${name} = (${signature}) => __vjp_${name}(${name}, ${names.join(", ")});
export const __grad_${name} = __grad_of_${name}(${name}, [${names.map((_, k) => k).join(", ")}]);
`;
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
  const out = compile({ "main.ts": source + harness(name, signature) });
  if (out.diagnostics.length > 0) throw new Error(`compile errors:\n${out.diagnostics.join("\n")}`);
  return checkPoints(out.load("main.ts"), name, signature, points, options);
}

/** The checks of `checkShaped` on a compiled module that holds `name` and its harness. */
function checkPoints(
  m: Record<string, any>,
  name: string,
  signature: string,
  points: readonly (readonly Value[])[],
  options: ShapedOptions,
): Value[][] {
  const f = m[name] as (...xs: Value[]) => number;
  const random = rng(points.length * 31 + signature.length);
  const fixed = new Set(options.fixed ?? []);
  return points.map((x) => {
    const u = x.map((xi, k) => like(xi, () => (fixed.has(k) ? 0 : random() * 2 - 1)));
    const w = random() * 2 - 1;
    const value = f(...x);
    const [forwardValue, ju] = m[`__tangent_${name}`](x, u) as [number, number];
    const [reverseValue, pullback] = m[`__pullback_${name}`](...x) as [number, (ct: number) => Value[]];
    expect(forwardValue).toBe(value);
    expect(reverseValue).toBe(value);
    const jtw = pullback(w);
    const gradient = pullback(1);
    // grad's own function drops what only computed the value; its gradient is the vjp's, bit for bit.
    expect(m[`__grad_${name}`](...x)).toEqual(gradient);
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
    const difference = (h: number) =>
      (f(...x.map((xi, k) => axpy(xi, h, u[k]))) - f(...x.map((xi, k) => axpy(xi, -h, u[k])))) / (2 * h);
    const h = 6e-6 * scale;
    const fd = difference(h);
    const tolerance = options.fdTolerance ?? 1e-6;
    const close = (a: number, b: number) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
    if (!close(fd, ju) && options.onUnstableDifference && !close(fd, difference(2 * h))) {
      options.onUnstableDifference();
    } else if (!close(fd, ju)) {
      throw new Error(`finite differences disagree for ${name}: J·u = ${ju}, central difference = ${fd}`);
    }
    return gradient;
  });
}

/**
 * `source` plus `viaCaller`, a differentiated function that calls `name` three times: replayed calls (`name_adjoint`),
 * or split sweeps when `name` cannot be re-run.
 */
function withCaller(source: string, name: string, signature: string): string {
  const args = parameters(signature).names.join(", ");
  return `${source}
// @differentiate
export function viaCaller(${signature}): number {
  return 1.5 * ${name}(${args}) + ${name}(${args}) * ${name}(${args});
}`;
}

/**
 * Checks `name` directly (the whole vjp) and through a differentiated caller, which replays it (or runs its split
 * forward and reverse sweeps when it cannot). Returns the direct gradients.
 */
export function checkBothWays(
  source: string,
  name: string,
  signature: string,
  points: readonly (readonly Value[])[],
  options: ShapedOptions = {},
): Value[][] {
  const program = compileShapedBatch([{ id: "program", source, name, signature }]).get("program") as ShapedEntry;
  return program.checkBothWays(points, options);
}

/** One program of a batch: `source` (with `name` of parameter list `signature`) goes to `<id>/main.ts`. */
export interface ShapedProgram {
  readonly id: string;
  readonly source: string;
  readonly name: string;
  readonly signature: string;
}

/** A compiled program of a batch: its diagnostics, its module, and `checkBothWays`'s checks. */
export interface ShapedEntry {
  readonly diagnostics: readonly string[];
  /** The emitted JavaScript of `<id>/main.ts` (undefined if the compile emitted none). */
  readonly js: string | undefined;
  /** The module of `<id>/main.ts`: the program, `viaCaller`, their harnesses and whatever `source` exports. */
  load(): Record<string, any>;
  /** The checks of `checkBothWays`, directly and through `viaCaller`; returns the direct gradients. */
  checkBothWays(points: readonly (readonly Value[])[], options?: ShapedOptions): Value[][];
}

/** The files of a batch: each program, with `viaCaller` and both harnesses, in a folder of its own (`<id>/main.ts`). */
export function shapedBatchFiles(programs: readonly ShapedProgram[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const p of programs) {
    const text = withCaller(p.source, p.name, p.signature) + harness(p.name, p.signature);
    files[`${p.id}/main.ts`] = text + harness("viaCaller", p.signature);
  }
  return files;
}

/**
 * `checkBothWays` for many programs at the price of one TypeScript compile: each program lives in its own folder,
 * so its diagnostics and its module stay separate from the others'. `harnessOptions` sets the transformer's plugin
 * options (e.g. `unroll`).
 */
export function compileShapedBatch(
  programs: readonly ShapedProgram[],
  harnessOptions: HarnessOptions = {},
): Map<string, ShapedEntry> {
  const out = compile(shapedBatchFiles(programs), {}, harnessOptions);
  const entries = new Map<string, ShapedEntry>();
  for (const p of programs) {
    const diagnostics = out.diagnostics.filter((d) => d.startsWith(`${p.id}/`) || !/^\S+\.ts:\d/.test(d));
    const load = () => {
      if (diagnostics.length > 0) throw new Error(`compile errors:\n${diagnostics.join("\n")}`);
      return out.load(`${p.id}/main.ts`);
    };
    entries.set(p.id, {
      diagnostics,
      js: out.js[`${p.id}/main.ts`],
      load,
      checkBothWays(points, options = {}) {
        const m = load();
        const direct = checkPoints(m, p.name, p.signature, points, options);
        checkPoints(m, "viaCaller", p.signature, points, options);
        return direct;
      },
    });
  }
  return entries;
}

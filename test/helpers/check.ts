/**
 * The three independent checks every derivative test uses:
 * - central finite differences (loose: they carry truncation and rounding error);
 * - the dot-product test: for random u, w, <J·u, w> by forward mode equals <u, Jᵀ·w> by reverse mode to ~1e-12;
 * - agreement of the primal value returned by each mode with the function itself.
 */
import { compile, type HarnessOptions } from "./compile";

/** Deterministic random numbers (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Directional central difference (f(x + h·u) − f(x − h·u)) / 2h with h ~ ∛ε scaled to x. */
export function centralDifference(f: (...xs: number[]) => number, x: readonly number[], u: readonly number[]): number {
  const scale = Math.max(1, ...x.map(Math.abs));
  const h = 6e-6 * scale;
  const plus = x.map((xi, i) => xi + h * u[i]);
  const minus = x.map((xi, i) => xi - h * u[i]);
  return (f(...plus) - f(...minus)) / (2 * h);
}

export const relativeError = (a: number, b: number): number =>
  Math.abs(a - b) / Math.max(1e-300, Math.abs(a), Math.abs(b));

/** Fails unless `actual` is as long as `expected` and each element is within `tolerance` of it, relatively. */
export function expectRelative(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-14): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, k) => expect(relativeError(actual[k], e)).toBeLessThan(tolerance));
}

/** Fails unless |a − b| ≤ tolerance · max(1, |b|), naming `what` (the element, the point) in the message. */
export function expectClose(a: number, b: number, tolerance: number, what: string): void {
  const error = Math.abs(a - b) / Math.max(1, Math.abs(b));
  if (!(error <= tolerance)) throw new Error(`${what}: got ${a}, expected ${b} (error ${error.toExponential(2)})`);
}

export interface CheckOptions {
  /** Parameter indices held constant (trip counts, integer inputs): zero tangent, not perturbed. */
  readonly fixed?: readonly number[];
  /** Tolerance of the finite-difference comparison (default 1e-6 relative, with an absolute floor). */
  readonly fdTolerance?: number;
  /** Tolerance of the dot-product test (default 1e-12 relative). */
  readonly dotTolerance?: number;
}

export interface Checked {
  /** Full gradient by reverse mode (the vjp with cotangent 1). */
  readonly gradient: number[];
  readonly value: number;
}

/**
 * The harness appended to a program's source: `__tangent`, `__pullback` and `__grad` call the jvp, vjp and grad
 * markers on `name`.
 */
function withHarness(source: string, name: string, arity: number): string {
  const params = Array.from({ length: arity }, (_, i) => `a${i}: number`).join(", ");
  const args = Array.from({ length: arity }, (_, i) => `a${i}`).join(", ");
  const tuple = `[${Array(arity).fill("number").join(", ")}]`;
  return `${source}
import { jvp as __jvp, vjp as __vjp, grad as __gradOf } from "cotangent";
export const __tangent = (p: ${tuple}, t: ${tuple}) => __jvp(${name}, p, t);
export const __grad = __gradOf(${name}, [${Array.from({ length: arity }, (_, i) => i).join(", ")}]);
export const __pullback = (${params}) => __vjp(${name}, ${args});
`;
}

/**
 * Compiles `source` (which must export function `name` of `arity` numbers), and at each point checks jvp, vjp and
 * finite differences against each other. Returns the reverse-mode gradients for further assertions.
 */
export function checkDerivatives(
  source: string,
  name: string,
  arity: number,
  points: readonly (readonly number[])[],
  options: CheckOptions = {},
  extraFiles: Record<string, string> = {},
): Checked[] {
  const out = compile({ "main.ts": withHarness(source, name, arity), ...extraFiles });
  if (out.diagnostics.length > 0) throw new Error(`compile errors:\n${out.diagnostics.join("\n")}`);
  return checkPoints(out.load("main.ts"), name, arity, points, options);
}

/** One program of a batch: `source` goes to `<id>/main.ts`, `files` next to it (`<id>/lib.ts`). */
export interface BatchProgram {
  readonly id: string;
  readonly source: string;
  readonly fn: string;
  readonly arity: number;
  readonly files?: Record<string, string>;
}

/** A compiled program of a batch: its own diagnostics, and the same checks as `checkDerivatives`. */
export interface BatchEntry {
  readonly diagnostics: readonly string[];
  check(points: readonly (readonly number[])[], options?: CheckOptions): Checked[];
}

/**
 * `checkDerivatives` for many programs at the price of one TypeScript compile: each program lives in its own
 * folder, so its diagnostics and its module stay separate from the others'.
 */
export function compileBatch(programs: readonly BatchProgram[], harness: HarnessOptions = {}): Map<string, BatchEntry> {
  const out = compile(batchFiles(programs), {}, harness);
  const entries = new Map<string, BatchEntry>();
  for (const p of programs) {
    const diagnostics = out.diagnostics.filter((d) => d.startsWith(`${p.id}/`) || !/^\S+\.ts:\d/.test(d));
    entries.set(p.id, {
      diagnostics,
      check(points, options = {}) {
        if (diagnostics.length > 0) throw new Error(`compile errors:\n${diagnostics.join("\n")}`);
        return checkPoints(out.load(`${p.id}/main.ts`), p.fn, p.arity, points, options);
      },
    });
  }
  return entries;
}

/** The files of a batch: each program, with its harness, in a folder of its own (`<id>/main.ts`). */
export function batchFiles(programs: readonly BatchProgram[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const p of programs) {
    files[`${p.id}/main.ts`] = withHarness(p.source, p.fn, p.arity);
    for (const [file, text] of Object.entries(p.files ?? {})) files[`${p.id}/${file}`] = text;
  }
  return files;
}

/**
 * Runs `body` and throws if it created global variables. Generated code that assigns an undeclared local throws a
 * ReferenceError in Node, but inside Jest's vm context such a strict-mode assignment silently creates a global
 * (shared by recursive calls), so the harness has to look for it.
 */
export function withoutGlobalLeaks<T>(body: () => T): T {
  const before = new Set(Object.getOwnPropertyNames(globalThis));
  let failure: unknown;
  try {
    return body();
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    const leaked = Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k));
    for (const k of leaked) delete (globalThis as Record<string, unknown>)[k];
    if (leaked.length > 0) {
      const also = failure instanceof Error ? `; it then failed with: ${failure.message}` : "";
      // eslint-disable-next-line no-unsafe-finally
      throw new Error(
        `generated code assigned undeclared variable(s) ${leaked.join(", ")} (a ReferenceError outside Jest)${also}`,
      );
    }
  }
}

function checkPoints(
  m: Record<string, any>,
  name: string,
  arity: number,
  points: readonly (readonly number[])[],
  options: CheckOptions,
): Checked[] {
  return withoutGlobalLeaks(() => checkEachPoint(m, name, arity, points, options));
}

function checkEachPoint(
  m: Record<string, any>,
  name: string,
  arity: number,
  points: readonly (readonly number[])[],
  options: CheckOptions,
): Checked[] {
  const f = m[name] as (...xs: number[]) => number;
  const random = rng(arity * 7919 + points.length);
  const fixed = new Set(options.fixed ?? []);
  return points.map((x) => {
    const u = x.map((_, i) => (fixed.has(i) ? 0 : random() * 2 - 1));
    const w = random() * 2 - 1;
    const value = f(...x);
    const [forwardValue, ju] = m.__tangent(x, u) as [number, number];
    const [reverseValue, pullback] = m.__pullback(...x) as [number, (ct: number) => number[]];
    const jtw = pullback(w);
    const gradient = pullback(1);
    const where = `${name}(${x.join(", ")})`;
    // grad's own function drops what only computed the value; its gradient is the vjp's, bit for bit.
    expect({ where, grad: m.__grad(...x) }).toEqual({ where, grad: gradient });
    expect({ where, forwardValue }).toEqual({ where, forwardValue: value });
    expect({ where, reverseValue }).toEqual({ where, reverseValue: value });
    const left = ju * w;
    const right = jtw.reduce((acc, g, i) => acc + g * u[i], 0);
    const dotError = relativeError(left, right);
    if (!(dotError <= (options.dotTolerance ?? 1e-12)) && !(Math.abs(left - right) < 1e-14)) {
      throw new Error(`dot-product test failed at ${where}: <J·u, w> = ${left}, <u, Jᵀw> = ${right} (rel ${dotError})`);
    }
    const fd = centralDifference(f, x, u);
    const tolerance = options.fdTolerance ?? 1e-6;
    if (!(Math.abs(fd - ju) <= tolerance * Math.max(1, Math.abs(fd), Math.abs(ju)))) {
      throw new Error(`finite differences disagree at ${where}: J·u = ${ju}, central difference = ${fd}`);
    }
    return { gradient, value };
  });
}

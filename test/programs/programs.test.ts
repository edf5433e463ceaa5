/**
 * The corpus (corpus.ts) through jvp, vjp and central finite differences, plus the markers' results checked
 * against hand-derived gradients. The whole corpus is one TypeScript compile (compileBatch), each program in its
 * own folder, so the suite stays fast while each program reports on its own.
 */
import { compileBatch, relativeError, withoutGlobalLeaks, type BatchEntry } from "../helpers/check";
import { compile } from "../helpers/compile";
import { corpus, type Program } from "./corpus";

// Compiled twice: as users get it, and with `replay: false`, so that the calls a caller replays by default also run
// through their callees' split sweeps (reverse/replay.ts).
const batches = new Map<boolean, Map<string, BatchEntry>>();
function entry(name: string, replay: boolean): BatchEntry {
  let batch = batches.get(replay);
  if (!batch) {
    const programs = corpus.map((p) => ({ id: p.name, source: p.source, fn: p.fn, arity: p.arity, files: p.files }));
    batch = compileBatch(programs, { plugin: { replay } });
    batches.set(replay, batch);
  }
  const found = batch.get(name);
  if (!found) throw new Error(`no program named ${name}`);
  return found;
}

function run(p: Program, replay = true): void {
  const checked = entry(p.name, replay).check(p.points, { fixed: p.fixed, fdTolerance: p.fdTolerance });
  if (!p.gradient) return;
  const fixed = new Set(p.fixed ?? []);
  p.points.forEach((x, k) => {
    const expected = p.gradient!(...x);
    const got = checked[k].gradient.filter((_, i) => !fixed.has(i));
    const where = `${p.fn}(${x.join(", ")})`;
    expect({ where, length: got.length }).toEqual({ where, length: expected.length });
    expected.forEach((e, i) => {
      const ok = e === 0 ? got[i] === 0 : relativeError(got[i], e) <= 1e-10;
      if (!ok) throw new Error(`gradient ${i} at ${where}: got ${got[i]}, hand-derived ${e}`);
    });
  });
}

test("the corpus has a program for each construct (30+)", () => {
  expect(corpus.length).toBeGreaterThanOrEqual(30);
  expect(new Set(corpus.map((p) => p.name)).size).toBe(corpus.length);
});

describe("corpus: jvp, vjp and finite differences agree", () => {
  for (const p of corpus) {
    test(p.name, () => run(p));
  }
});

describe("corpus with every call through split sweeps (replay: false): the same checks", () => {
  // The programs with calls: a second function in the file, or one in another.
  const calling = corpus.filter((p) => p.files !== undefined || /\bfunction\b[\s\S]*\bfunction\b/.test(p.source));
  for (const p of calling) {
    test(p.name, () => run(p, false));
  }
});

const markerSource = `
import { grad, valueAndGrad, jvp, vjp } from "cotangent";
import { grad as derivative } from "cotangent";
import { poly, poly as renamedPoly } from "./lib.js";

// ∂f/∂x = 2xy + y·cos(xy), ∂f/∂y = x² + x·cos(xy) + n, ∂f/∂n = y
export function f(x: number, y: number, n: number): number {
  return x * x * y + Math.sin(x * y) + n * y;
}

export const g0 = grad(f);
export const g1 = grad(f, 1);
export const g10 = grad(f, [1, 0]);
export const g201 = grad(f, [2, 0, 1]);
export const vg = valueAndGrad(f);
export const vg10 = valueAndGrad(f, [1, 0]);
export const gNone = grad(f, []);
export const vgNone = valueAndGrad(f, []);
export const tangentLiteral = (x: number, y: number, n: number) => jvp(f, [x, y, n], [0.25, -0.5, 2]);
export const tangentArrays = (p: [number, number, number], t: [number, number, number]) => jvp(f, p, t);
export const pullback = (x: number, y: number, n: number) => vjp(f, x, y, n);
export const renamed = derivative(f, 1);

export const inline = grad((x: number) => x * Math.sin(x));
const scale = 2.5;
export const capture = grad((x: number, y: number) => scale * x * y * y + scale, [1, 0]);
export const captureValue = valueAndGrad((x: number) => Math.exp(scale * x));
export const makeGrad = (k: number) => grad((x: number) => k * x * x);
export const inlineCallsLib = grad((x: number) => poly(x, 2) * x);
export const inlineJvp = (x: number) => jvp((t: number) => t * t * t, [x], [2]);
export const inlineVjp = (x: number, y: number) => vjp((a: number, b: number) => a / b, x, y);

export const fromLib = grad(poly, [1, 0]);
export const fromRenamedImport = grad(renamedPoly, 0);
export const h = (a: number, b: number): number => a / b;
export const gh = grad(h, [1, 0]);
`;

// A second file asking for a derivative of the same library function.
const markerSecond = `
import { grad } from "cotangent";
import { poly } from "./lib.js";
export const fromLib = grad(poly, [0, 1]);
`;

const markerLib = `
// ∂poly/∂a = 3a² − 2b, ∂poly/∂b = −2a
export function poly(a: number, b: number): number {
  return a * a * a - 2 * a * b;
}
`;

const close = (got: number, expected: number): void => {
  if (!(relativeError(got, expected) <= 1e-12)) throw new Error(`got ${got}, expected ${expected}`);
};
const closeAll = (got: readonly number[], expected: readonly number[]): void => {
  expect(got).toHaveLength(expected.length);
  expected.forEach((e, i) => close(got[i], e));
};

let markerModules: { main: Record<string, any>; second: Record<string, any> } | undefined;
function markers(): { main: Record<string, any>; second: Record<string, any> } {
  if (!markerModules) {
    const out = compile({ "main.ts": markerSource, "second.ts": markerSecond, "lib.ts": markerLib });
    expect(out.diagnostics).toEqual([]);
    markerModules = { main: out.load("main.ts"), second: out.load("second.ts") };
  }
  return markerModules;
}

const [x, y, n] = [0.7, -1.3, 3];
const fValue = x * x * y + Math.sin(x * y) + n * y;
const dx = 2 * x * y + y * Math.cos(x * y);
const dy = x * x + x * Math.cos(x * y) + n;
const dn = y;

/** Marker results against hand-derived gradients; `m` is main.ts's exports. */
const markerCases: Record<string, (m: Record<string, any>) => void> = {
  "grad with default argnums is ∂/∂x, a plain number": (m) => close(m.g0(x, y, n), dx),
  "grad(f, 1) is ∂/∂y": (m) => close(m.g1(x, y, n), dy),
  "grad(f, [1, 0]) returns the gradients in argnums order, not sorted": (m) => closeAll(m.g10(x, y, n), [dy, dx]),
  "grad(f, [2, 0, 1]) differentiates the count parameter too": (m) => closeAll(m.g201(x, y, n), [dn, dx, dy]),
  "argnums [] names no parameter: grad gives [], valueAndGrad [value, []]": (m) => {
    expect(m.gNone(x, y, n)).toEqual([]);
    const [value, gradients] = m.vgNone(x, y, n);
    close(value, fValue);
    expect(gradients).toEqual([]);
  },
  "valueAndGrad(f) returns [value, ∂/∂x]": (m) => {
    const [value, gradient] = m.vg(x, y, n);
    close(value, fValue);
    close(gradient, dx);
  },
  "valueAndGrad(f, [1, 0]) returns [value, [∂/∂y, ∂/∂x]]": (m) => {
    const [value, gradient] = m.vg10(x, y, n);
    close(value, fValue);
    closeAll(gradient, [dy, dx]);
  },
  "jvp with literal arrays returns [value, J·t]": (m) => {
    const [value, tangent] = m.tangentLiteral(x, y, n);
    close(value, fValue);
    close(tangent, 0.25 * dx - 0.5 * dy + 2 * dn);
  },
  "jvp with arrays passed by reference": (m) => {
    const [value, tangent] = m.tangentArrays([x, y, n], [1, 0, 0]);
    close(value, fValue);
    close(tangent, dx);
  },
  "vjp returns [value, pullback] and the pullback can be called twice": (m) => {
    const [value, back] = m.pullback(x, y, n);
    close(value, fValue);
    closeAll(back(1), [dx, dy, dn]);
    closeAll(back(-2), [-2 * dx, -2 * dy, -2 * dn]);
  },
  "a renamed import of grad is still a marker": (m) => close(m.renamed(x, y, n), dy),
  "grad of an inline arrow": (m) => close(m.inline(x), Math.sin(x) + x * Math.cos(x)),
  "grad of an inline arrow capturing an outer const, argnums [1, 0]": (m) =>
    closeAll(m.capture(x, y), [2 * 2.5 * x * y, 2.5 * y * y]),
  "valueAndGrad of an inline arrow capturing an outer const": (m) => {
    const [value, gradient] = m.captureValue(x);
    close(value, Math.exp(2.5 * x));
    close(gradient, 2.5 * Math.exp(2.5 * x));
  },
  "grad of an inline arrow capturing a parameter of the enclosing function": (m) => {
    close(m.makeGrad(3)(x), 6 * x);
    close(m.makeGrad(-1)(x), -2 * x);
  },
  "grad of an inline arrow calling a function of another file": (m) =>
    close(m.inlineCallsLib(x), (3 * x * x - 4) * x + (x ** 3 - 4 * x)),
  "jvp of an inline arrow": (m) => closeAll(m.inlineJvp(x), [x ** 3, 2 * 3 * x * x]),
  "vjp of an inline arrow": (m) => {
    const [value, back] = m.inlineVjp(x, y);
    close(value, x / y);
    closeAll(back(1), [1 / y, -x / (y * y)]);
  },
  "grad of a function imported from another file, argnums [1, 0]": (m) =>
    closeAll(m.fromLib(x, y), [-2 * x, 3 * x * x - 2 * y]),
  "grad of a function imported under another name": (m) => close(m.fromRenamedImport(x, y), 3 * x * x - 2 * y),
  "grad of an arrow const, argnums [1, 0]": (m) => closeAll(m.gh(x, y), [-x / (y * y), 1 / y]),
};

describe("markers return what their signatures promise (hand-derived gradients)", () => {
  for (const [name, body] of Object.entries(markerCases)) {
    test(name, () => withoutGlobalLeaks(() => body(markers().main)));
  }
  test("two files asking for the same library derivative both get it", () =>
    withoutGlobalLeaks(() => closeAll(markers().second.fromLib(x, y), [3 * x * x - 2 * y, -2 * x])));
});

/**
 * Per-rule numeric tests, one row of `cases.ts` at a time (JAX's `lax_autodiff_test.py`):
 * - `checkDerivatives` at seeded samples and smooth special points: forward mode against central finite
 *   differences, reverse against forward by the dot-product test, and the values of both modes;
 * - the reverse gradient (through the `grad` marker) against the hand-derived formula, to 1e-12 relative;
 * - the documented value at each point without a derivative (kinks, ties, poles), exactly;
 * - piecewise-constant rules: gradient and tangent exactly 0, the value untouched;
 * - `Math.random`: a constant of the computation.
 * A meta-test fails for any key of the rule table without a row.
 *
 * Each row compiles on its own for `checkDerivatives` (compile() costs ~0.3 s, so this is most of the run time); the
 * marker-based checks share one compilation of every row, and fall back to one per row when some row breaks it, so
 * that a rule which does not compile fails only its own row.
 */
import { ruleTable as table, STOP_GRADIENT } from "@cotangent/core";
import { checkDerivatives, relativeError, rng } from "../helpers/check";
import { compile } from "../helpers/compile";
import { cases, caseTitle, type RuleCase } from "./cases";

const PARAMS = ["a", "b", "c", "d"];
const SAMPLES = 5;

const paramsOf = (c: RuleCase): string[] => PARAMS.slice(0, c.arity);

/** `export function <name>(a: number, …) { return <expr>; }` */
function functionSource(c: RuleCase, name: string): string {
  const params = paramsOf(c).map((p) => `${p}: number`);
  return `export function ${name}(${params.join(", ")}) { return ${c.expr}; }\n`;
}

/** The expression evaluated by the JavaScript engine itself: the reference for primal values. */
const nativeOf = (c: RuleCase): ((...xs: number[]) => number) =>
  new Function(...paramsOf(c), `return ${c.expr};`) as (...xs: number[]) => number;

/** FNV-1a: a seed per row that does not move when other rows are added. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const sampledPoints = (c: RuleCase): number[][] => {
  const random = rng(seedOf(caseTitle(c)));
  return Array.from({ length: SAMPLES }, () => c.sample(random));
};
const smoothSpecials = (c: RuleCase): number[][] => (c.special ?? []).filter((s) => !s.gradient).map((s) => [...s.at]);
const kinks = (c: RuleCase) => (c.special ?? []).filter((s) => s.gradient);

/** −0 and 0 are the same derivative; NaN equals NaN under toEqual. */
const normalized = (xs: readonly number[]): number[] => xs.map((x) => (x === 0 ? 0 : x));

/** Rows in one module, with marker-generated derivatives: `f<i>`, `grad<i>`, `jvp<i>`, `valueAndGrad<i>`. */
function markerSource(rows: readonly number[]): string {
  const parts = [`import { grad, jvp, valueAndGrad } from "cotangent";\n`];
  for (const i of rows) {
    const c = cases[i];
    const argnums = paramsOf(c).map((_, k) => k);
    const tuple = `[${paramsOf(c).map(() => "number")}]`;
    parts.push(
      `// ${caseTitle(c)}\n`,
      functionSource(c, `f${i}`),
      `export const grad${i} = grad(f${i}, [${argnums}]);\n`,
      `export const valueAndGrad${i} = valueAndGrad(f${i}, [${argnums}]);\n`,
      `export const jvp${i} = (p: ${tuple}, t: ${tuple}) => jvp(f${i}, p, t);\n`,
    );
  }
  return parts.join("");
}

/** The marker-generated derivatives of row i. */
interface Derivatives {
  grad(x: readonly number[]): number[];
  valueAndGrad(x: readonly number[]): [number, number[]];
  jvp(x: readonly number[], t: readonly number[]): [number, number];
}

function derivativesIn(m: Record<string, any>, i: number): Derivatives {
  return {
    grad: (x) => m[`grad${i}`](...x),
    valueAndGrad: (x) => m[`valueAndGrad${i}`](...x),
    jvp: (x, t) => m[`jvp${i}`](x, t),
  };
}

/** The module of all rows, compiled once; undefined when some row does not compile. */
let batch: Record<string, any> | undefined;

beforeAll(() => {
  const out = compile({ "main.ts": markerSource(cases.map((_, i) => i)) });
  if (out.diagnostics.length === 0) batch = out.load("main.ts");
});

/** Row i's derivatives: from the shared module, or (when another row breaks it) from a module of its own. */
function derivativesOf(i: number): Derivatives {
  if (batch) return derivativesIn(batch, i);
  const out = compile({ "main.ts": markerSource([i]) });
  if (out.diagnostics.length > 0) throw new Error(`compile errors:\n${out.diagnostics.join("\n")}`);
  return derivativesIn(out.load("main.ts"), i);
}

/** The rules of primitives a user writes: the stop-gradient is the compiler's own (test/programs/hasAux.test.ts). */
const ruleTable = Object.fromEntries(Object.entries(table).filter(([key]) => key !== STOP_GRADIENT));

describe("the rule table", () => {
  test("every rule has a row in cases.ts", () => {
    const covered = new Set(cases.map((c) => c.name));
    expect(Object.keys(ruleTable).filter((key) => !covered.has(key))).toEqual([]);
  });

  test("every Math constant has a row", () => {
    const covered = new Set(cases.map((c) => c.name));
    const constants = Object.getOwnPropertyNames(Math).filter((k) => typeof (Math as any)[k] === "number");
    expect(constants.length).toBeGreaterThanOrEqual(8);
    expect(constants.map((k) => `Math.${k}`).filter((k) => !covered.has(k))).toEqual([]);
  });

  test("every row names a rule or a Math constant", () => {
    const known = (name: string) =>
      name in ruleTable || (name.startsWith("Math.") && typeof (Math as any)[name.slice(5)] === "number");
    expect(cases.map((c) => c.name).filter((name) => !known(name))).toEqual([]);
  });

  test("the rules without a derivative are exactly the rows marked zero or random", () => {
    const zeroRules = Object.keys(ruleTable)
      .filter((key) => ruleTable[key].kind === "zero")
      .sort();
    const zeroRows = [...new Set(cases.filter((c) => c.zero || c.random).map((c) => c.name))].sort();
    expect(zeroRules).toEqual(zeroRows);
  });

  test("row titles are unique", () => {
    const titles = cases.map(caseTitle);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });
});

cases.forEach((c, i) => {
  describe(caseTitle(c), () => {
    const native = nativeOf(c);
    const smooth = [...sampledPoints(c), ...smoothSpecials(c)];

    if (c.random) {
      test("Math.random() is a constant: the gradient times a reproduces the value", () => {
        const d = derivativesOf(i);
        const values = new Set<number>();
        for (const x of sampledPoints(c)) {
          const [value, [g]] = d.valueAndGrad(x);
          expect(g * x[0]).toBe(value);
          expect(g).toBeGreaterThanOrEqual(0);
          expect(g).toBeLessThan(1);
          const [forwardValue, tangent] = d.jvp(x, [1]);
          expect(tangent * x[0]).toBe(forwardValue);
          values.add(g).add(tangent);
        }
        // a fresh number at every call, not one folded into the code
        expect(values.size).toBe(2 * SAMPLES);
      });
      return;
    }

    test(`forward mode ≈ finite differences and ⟨J·u, w⟩ = ⟨u, Jᵀ·w⟩ at ${smooth.length} points`, () => {
      const checked = checkDerivatives(functionSource(c, "f"), "f", c.arity, smooth, {
        fdTolerance: c.tolerance?.fd,
        dotTolerance: c.tolerance?.dot,
      });
      checked.forEach(({ value }, k) =>
        expect({ at: smooth[k], value }).toEqual({ at: smooth[k], value: native(...smooth[k]) }),
      );
    });

    const expected = c.expected;
    if (expected) {
      test("the reverse gradient equals the hand-derived formula (1e-12 relative)", () => {
        const d = derivativesOf(i);
        for (const x of smooth) {
          const got = d.grad(x);
          const want = expected(x);
          const off = got.map((g, k) => relativeError(g, want[k]));
          if (!off.every((e) => e <= 1e-12)) {
            throw new Error(`at (${x.join(", ")}): gradient ${got.join(", ")}, hand-derived ${want.join(", ")}`);
          }
        }
      });
    }

    const documented = kinks(c);
    if (documented.length > 0) {
      test("at points without a derivative, the documented gradient exactly", () => {
        const d = derivativesOf(i);
        for (const { at, gradient } of documented) {
          const [value, got] = d.valueAndGrad(at);
          expect({ at, value, gradient: normalized(got) }).toEqual({
            at,
            value: native(...at),
            gradient: normalized(gradient as number[]),
          });
          // forward mode, one axis at a time, picks the same partials (while they are finite: ∞·0 is NaN)
          if ((gradient as number[]).every(Number.isFinite) || c.arity === 1) {
            const tangents = at.map(
              (_, k) =>
                d.jvp(
                  at,
                  at.map((_, j) => (j === k ? 1 : 0)),
                )[1],
            );
            expect({ at, tangents: normalized(tangents) }).toEqual({ at, tangents: normalized(gradient as number[]) });
          }
        }
      });
    }

    if (c.zero) {
      test("piecewise constant: gradient and tangent exactly 0, the value untouched", () => {
        const d = derivativesOf(i);
        const random = rng(seedOf(`${caseTitle(c)} tangent`));
        const all = [...smooth, ...documented.map((s) => [...s.at])];
        for (const x of all) {
          const [value, gradient] = d.valueAndGrad(x);
          expect({ x, value }).toEqual({ x, value: native(...x) });
          expect({ x, zero: gradient.every((g) => g === 0) }).toEqual({ x, zero: true });
          const [forwardValue, tangent] = d.jvp(
            x,
            x.map(() => random() * 2 - 1),
          );
          expect({ x, forwardValue, tangent: tangent === 0 }).toEqual({ x, forwardValue: native(...x), tangent: true });
        }
      });
    }
  });
});

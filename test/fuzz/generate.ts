/**
 * Random programs for the reverse-mode fuzzer: small functions of Float64Arrays whose loops, array updates and
 * scalar chains have the shapes the reverse sweep's tidy-up passes rewrite (first increments, A_bar[k] round trips,
 * invariant-index promotion, A_bar[i] / A_bar[i + 1] carries, fused loops, recompute vs record, inverted counters
 * and trip counts from size parameters).
 *
 * Every index is in range by construction. The arrays `x` and `w` have length L >= 4 (w's equals x's); a local array
 * has length L, L + 1, or the size parameter n (which the caller keeps in [0, L - 1], or passes as 2.5 when `n` is
 * only a loop bound). Each loop counter knows its largest value as `L - 1 - slack`, so `v + 1` indexes an array of
 * length L only when slack >= 1. Values stay bounded: products take one bounded factor, `exp` a bounded argument,
 * division a denominator in [1, 3], and an update that reads the state is squashed by tanh or sin. Branches compare
 * parameter elements only (x or w against a threshold, or x against w), on grids the caller's points keep apart, so
 * central differences never straddle a kink.
 */
import { rng } from "../helpers/check";

export interface Generated {
  readonly name: string;
  /** The function's source, marked `// @differentiate`. */
  readonly source: string;
  /** Its parameter list, e.g. `"x: Float64Array, w: Float64Array, n: number"`. */
  readonly signature: string;
  readonly hasW: boolean;
  /** How `n` is used, if it is a parameter: `"bound"` (loop bounds only) or `"alloc"` (also an allocation length). */
  readonly sizeUse: "none" | "bound" | "alloc";
}

interface Counter {
  readonly name: string;
  /** Largest value: L - 1 - slack (counters bounded by n have slack 1, since n <= L - 1 or n = 2.5 with L >= 4). */
  readonly slack: number;
  /** Counts 0 .. n - 1, so it may index an array of length n. */
  readonly overN: boolean;
}

interface LocalArray {
  readonly name: string;
  readonly length: "L" | "L+1" | "n";
}

interface Scope {
  readonly counters: readonly Counter[];
  /** Loop depth (0 = straight-line code of the function body). */
  readonly depth: number;
}

/** Seeded choices, shared by the generators of this folder. */
export class Dice {
  protected readonly random: () => number;

  constructor(seed: number) {
    this.random = rng(seed * 2654435761 + 12345);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
}

/**
 * Values on grids that keep branches away from their thresholds: with offset 0.03 (x) or 0.07 (w), m/10 + offset is
 * at least 0.03 from 0 and ±0.5 and 0.04 from the other grid, and lies in [-2, 2].
 */
export function grid(random: () => number, length: number, offset: number): Float64Array {
  return Float64Array.from({ length }, () => Math.round(random() * 38 - 19) / 10 + offset);
}

/** The bits of each element, so that equality is bitwise (it tells -0 from 0, and NaN equals itself). */
export const bitsOf = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(Float64Array.from(a).buffer));

/** Program text built by one seeded generator; `statements` counts emitted statements to keep programs small. */
class Builder extends Dice {
  private statements = 0;
  private counterIndex = 0;
  readonly hasW: boolean;
  readonly sizeUse: "none" | "bound" | "alloc";
  readonly locals: LocalArray[] = [];
  readonly lengthOf: string;
  /** In a template loop: the only parameter elements (or constants) expressions read. */
  private only: readonly string[] | undefined;

  constructor(seed: number) {
    super(seed);
    this.hasW = this.chance(0.4);
    this.sizeUse = this.pick(["none", "none", "bound", "alloc"] as const);
    this.lengthOf = this.hasW && this.chance(0.3) ? "w.length" : "x.length";
    const count = this.int(0, 2);
    for (let k = 0; k < count; k++) {
      const lengths = this.sizeUse === "alloc" ? (["L", "L+1", "n"] as const) : (["L", "L+1"] as const);
      this.locals.push({ name: ["a", "b"][k], length: this.pick(lengths) });
    }
  }

  /** Whether another statement still fits (about 15 per program). */
  room(): boolean {
    return this.statements < 14;
  }
  counted<T>(value: T): T {
    this.statements++;
    return value;
  }
  freshCounter(): string {
    return (
      ["i", "j", "k", "r", "c", "p", "q"][this.counterIndex++ % 7] + (this.counterIndex > 7 ? this.counterIndex : "")
    );
  }

  // ---- expressions ----------------------------------------------------------------------------------------------

  /** An index into an array of `length`, or undefined if no counter in scope fits. */
  index(length: LocalArray["length"], scope: Scope): string | undefined {
    const options: string[] = [];
    for (const c of scope.counters) {
      if (length === "n") {
        if (c.overN) options.push(c.name);
        continue;
      }
      options.push(c.name);
      if (length === "L+1" || c.slack >= 1) options.push(`${c.name} + 1`);
    }
    if (length !== "n") options.push(String(this.int(0, 2)));
    return options.length === 0 ? undefined : this.pick(options);
  }

  /** A read of a parameter element (bounded: the points keep them in [-2, 2]). */
  paramRead(scope: Scope): string {
    if (this.only) return this.pick(this.only);
    const array = this.hasW && this.chance(0.4) ? "w" : "x";
    return `${array}[${this.index("L", scope)}]`;
  }

  /** A read of a local array or scalar: unbounded, as it accumulates. */
  stateRead(scope: Scope): string {
    if (this.only) return this.pick(this.only);
    const choices: string[] = ["s", "t"];
    for (const a of this.locals) {
      const i = this.index(a.length, scope);
      if (i !== undefined) choices.push(`${a.name}[${i}]`);
    }
    return this.pick(choices);
  }

  /** An expression whose value stays within a few units whatever the state. */
  bounded(scope: Scope, depth: number): string {
    const roll = this.random();
    if (depth <= 0 || roll < 0.35) {
      const leaf = this.random();
      if (leaf < 0.6) return this.paramRead(scope);
      if (leaf < 0.75 && scope.counters.length > 0)
        return `${this.pick([0.1, 0.25, 0.5])} * ${this.pick(scope.counters).name}`;
      return this.pick(["0.5", "1.5", "-0.75", "2"]);
    }
    if (roll < 0.6) {
      const fn = this.pick(["Math.sin", "Math.cos", "Math.tanh"]);
      return `${fn}(${this.any(scope, depth - 1)})`;
    }
    if (roll < 0.75) return `${this.bounded(scope, depth - 1)} * ${this.bounded(scope, depth - 1)}`;
    if (roll < 0.85) return `Math.exp(0.5 * ${this.bounded(scope, depth - 1)})`;
    return `(${this.bounded(scope, depth - 1)} ${this.pick(["+", "-"])} ${this.bounded(scope, depth - 1)})`;
  }

  /** Any expression: sums of state and bounded terms, products with one bounded factor, gentle functions. */
  any(scope: Scope, depth: number): string {
    const roll = this.random();
    if (depth <= 0 || roll < 0.25) return this.chance(0.5) ? this.stateRead(scope) : this.bounded(scope, 0);
    if (roll < 0.45) return `${this.any(scope, depth - 1)} ${this.pick(["+", "-"])} ${this.any(scope, depth - 1)}`;
    if (roll < 0.65) return `${this.bounded(scope, depth - 1)} * ${this.wrap(this.any(scope, depth - 1))}`;
    if (roll < 0.75)
      return `${this.wrap(this.any(scope, depth - 1))} / (2 + ${this.pick(["Math.sin", "Math.cos"])}(${this.any(scope, depth - 1)}))`;
    if (roll < 0.85) {
      const e = this.stateRead(scope);
      return `Math.${this.pick(["log", "sqrt"])}(1 + ${e} * ${e})`;
    }
    return this.bounded(scope, depth);
  }

  /** Parenthesizes a sum or difference before it becomes a factor. */
  wrap(e: string): string {
    return / [+-] /.test(e) && !/^\(.*\)$/.test(e) ? `(${e})` : e;
  }

  // ---- statements -----------------------------------------------------------------------------------------------

  /** One statement in `scope`, indented by `pad`. */
  statement(scope: Scope, pad: string): string {
    const roll = this.random();
    if (scope.depth < 2 && roll < (scope.depth === 0 ? 0.55 : 0.3) && this.room()) return this.loop(scope, pad);
    if (roll < 0.62 && scope.depth > 0) return this.branch(scope, pad);
    return this.update(scope, pad);
  }

  /** An update of the state: `s += e`, `t = f(t)`, `a[idx] += e`, `a[idx] = e`. */
  update(scope: Scope, pad: string): string {
    const writable = this.locals
      .map((a) => ({ a, i: this.index(a.length, scope) }))
      .filter((e): e is { a: LocalArray; i: string } => e.i !== undefined);
    const roll = this.random();
    const e = this.rhs(scope);
    if (writable.length > 0 && roll < 0.5) {
      const { a, i } = this.pick(writable);
      return this.counted(`${pad}${a.name}[${i}] ${this.chance(0.7) ? "+=" : "="} ${e};\n`);
    }
    if (roll < 0.75) return this.counted(`${pad}s += ${e};\n`);
    const b = this.bounded(scope, 1);
    const any = this.any(scope, 2);
    const chain = this.pick([
      `Math.tanh(t * ${b} + ${any})`,
      `0.5 * t + Math.sin(${any})`,
      `Math.sin(t) * ${b} + ${e}`,
      `t * Math.cos(${b})`,
    ]);
    return this.counted(`${pad}t = ${chain};\n`);
  }

  /**
   * The right-hand side of an update. One that reads the state is squashed, so that no loop makes the state grow
   * geometrically (sin of a huge argument would leave finite differences nothing to compare).
   */
  rhs(scope: Scope): string {
    const e = this.any(scope, 2);
    if (!/\b[st]\b|\b[ab]\[/.test(e)) return e;
    return this.pick([`Math.tanh(${e})`, `Math.sin(${e})`, `0.5 * Math.tanh(${e})`]);
  }

  /** `if` on a parameter element against a threshold (or another parameter's element). */
  branch(scope: Scope, pad: string): string {
    // x against w (their grids never meet), or either against a threshold.
    const versusW = this.hasW && this.chance(0.3);
    const left = versusW ? `x[${this.index("L", scope)}]` : this.paramRead(scope);
    const right = versusW ? `w[${this.index("L", scope)}]` : this.pick(["0", "0.5", "-0.5"]);
    const test = `${left} ${this.pick([">", "<"])} ${right}`;
    const then = this.update(scope, pad + "  ");
    const otherwise = this.chance(0.4) ? ` else {\n${this.update(scope, pad + "  ")}${pad}}` : "";
    return this.counted(`${pad}if (${test}) {\n${then}${pad}}${otherwise}\n`);
  }

  /**
   * A loop nest whose expressions read few elements, the shapes the passes look for (random reads elsewhere rarely
   * leave them intact): a stencil `s += f(x[i], x[i + 1])` (carries; fused when it is the only loop), or
   * an inner loop over j that reads x[i] (and w[j]), so that x_bar[i] is an invariant-index accumulation.
   */
  template(pad: string, stencil = this.chance(0.5)): string {
    const L = this.lengthOf;
    const i = this.freshCounter();
    const outer: Counter = { name: i, slack: 1, overN: false };
    const statements = (scope: Scope, target: () => string, indent: string) => {
      let body = "";
      for (let k = this.int(1, 2); k > 0; k--)
        body += this.counted(`${indent}${target()} += ${this.bounded(scope, 2)};\n`);
      return body;
    };
    this.counted(undefined);
    if (stencil) {
      const scope = { counters: [outer], depth: 1 };
      // One term couples x[i] and x[i + 1], as Rosenbrock's x[i + 1] - x[i] * x[i] does.
      const near = [`x[${i}]`, `x[${i} + 1]`];
      const halves = near.map((read) => {
        this.only = [read];
        const half = this.bounded(scope, 1);
        return half.includes(read) ? half : read;
      });
      // The reverse adds into x_bar[i] first (a carry) when x[i + 1] is read first, as mostly here.
      if (this.chance(0.85)) halves.reverse();
      const coupled = this.chance(0.5)
        ? `${halves[0]} * ${halves[1]}`
        : `${this.pick(["Math.sin", "Math.tanh", "2 * Math.cos"])}(${halves[0]} - ${halves[1]})`;
      // Further terms mostly leave x alone (a carry needs exactly the two increments of x_bar); the others are near
      // misses that must keep their increments.
      const others = this.chance(0.3) ? [`x[${i}]`, `x[${i} + 1]`, "x[0]"] : [];
      this.only = [...others, ...(this.hasW ? [`w[${i}]`] : ["0.5"])];
      let body = this.counted(`${pad}  s += ${coupled};\n`);
      if (this.chance(0.5)) body += statements(scope, () => "s", `${pad}  `);
      this.only = undefined;
      // Near misses of fusion: a variable carried from one iteration to the next that is no plain accumulator.
      if (this.chance(0.25)) {
        const carried = this.pick([
          `t = 0.5 * t + Math.sin(x[${i}])`,
          "s += 0.25 * s",
          `t = t * Math.cos(x[${i} + 1])`,
        ]);
        body += this.counted(`${pad}  ${carried};\n`);
      }
      // Counting down, the reverse sweep counts up (a carry outside a fused loop).
      const header = this.chance(0.4)
        ? `for (let ${i} = ${L} - 2; ${i} >= 0; ${i}--)`
        : `for (let ${i} = 0; ${i} < ${L} - 1; ${i}++)`;
      return `${pad}${header} {\n${body}${pad}}\n`;
    }
    const j = this.freshCounter();
    const inner = this.pick([
      { header: `for (let ${j} = 0; ${j} < ${L}; ${j}++)`, counter: { name: j, slack: 0, overN: false } },
      { header: `for (let ${j} = ${i} + 1; ${j} < ${L}; ${j}++)`, counter: { name: j, slack: 0, overN: false } },
      ...(this.sizeUse !== "none"
        ? [{ header: `for (let ${j} = 0; ${j} < n; ${j}++)`, counter: { name: j, slack: 1, overN: true } }]
        : []),
    ]);
    const targets = ["s", ...this.locals.filter((a) => a.length !== "n").map((a) => `${a.name}[${i}]`)];
    this.only = [`x[${i}]`, ...(this.hasW ? [`w[${j}]`] : [])];
    const body = statements({ counters: [outer, inner.counter], depth: 2 }, () => this.pick(targets), `${pad}    `);
    this.only = undefined;
    this.counted(undefined);
    return `${pad}for (let ${i} = 0; ${i} < ${L} - 1; ${i}++) {\n${pad}  ${inner.header} {\n${body}${pad}  }\n${pad}}\n`;
  }

  /** A counted loop: up or down over the length, over n, or triangular from an enclosing counter. */
  loop(scope: Scope, pad: string): string {
    if (scope.depth === 0 && this.chance(0.3)) return this.template(pad);
    const name = this.freshCounter();
    const L = this.lengthOf;
    const outer = scope.counters.filter((c) => !c.overN);
    const kinds = [
      "up",
      "up",
      "down",
      ...(this.sizeUse !== "none" ? ["n", "n"] : []),
      ...(outer.length > 0 ? ["after", "before"] : []),
    ];
    const kind = this.pick(kinds);
    let header: string;
    let counter: Counter;
    if (kind === "up" || kind === "down") {
      const slack = this.int(0, 1);
      header =
        kind === "up"
          ? `for (let ${name} = 0; ${name} < ${slack === 0 ? L : `${L} - 1`}; ${name}++)`
          : `for (let ${name} = ${L} - ${slack + 1}; ${name} >= 0; ${name}--)`;
      counter = { name, slack, overN: false };
    } else if (kind === "n") {
      header = `for (let ${name} = 0; ${name} < n; ${name}++)`;
      counter = { name, slack: 1, overN: true };
    } else {
      const o = this.pick(outer);
      if (kind === "after") {
        // row = col + 1 .. L - 1: no trips on the last outer iteration.
        header = `for (let ${name} = ${o.name} + 1; ${name} < ${L}; ${name}++)`;
        counter = { name, slack: 0, overN: false };
      } else {
        // 0 .. col - 1: no trips on the first.
        header = `for (let ${name} = 0; ${name} < ${o.name}; ${name}++)`;
        counter = { name, slack: o.slack + 1, overN: false };
      }
    }
    this.counted(undefined);
    const inner: Scope = { counters: [...scope.counters, counter], depth: scope.depth + 1 };
    let body = "";
    const count = this.int(1, 3);
    for (let k = 0; k < count && this.room(); k++) body += this.statement(inner, pad + "  ");
    if (body === "") body = this.update(inner, pad + "  ");
    return `${pad}${header} {\n${body}${pad}}\n`;
  }

  /** The value returned: the scalars plus every local array read (all elements, or one). */
  result(): string {
    const terms = ["s", "t"];
    let tail = "";
    for (const a of this.locals) {
      if (a.length === "n" || this.chance(0.5)) {
        tail += `  for (let e = 0; e < ${a.name}.length; e++) s += ${a.name}[e] * ${this.pick(["1", `${a.name}[e]`, "Math.sin(x[0])"])};\n`;
      } else terms.push(`${a.name}[${this.int(0, 2)}]`);
    }
    return `${tail}  return ${terms.join(" + ")};\n`;
  }
}

/** The program of one seed: deterministic, so a failing seed reproduces. */
export function generate(seed: number): Generated {
  const b = new Builder(seed);
  const name = `fuzz${seed}`;
  const params = [
    "x: Float64Array",
    ...(b.hasW ? ["w: Float64Array"] : []),
    ...(b.sizeUse !== "none" ? ["n: number"] : []),
  ];
  const sizes = { L: b.lengthOf, "L+1": `${b.lengthOf} + 1`, n: "n" };
  let body = "";
  for (const a of b.locals) body += `  const ${a.name} = new Float64Array(${sizes[a.length]});\n`;
  body += `  let s = 0;\n  let t = ${b.pick(["0.5", "x[0]", "Math.sin(x[1])"])};\n`;
  const top: Scope = { counters: [], depth: 0 };
  // Some programs are one stencil loop, the shape of a fused loop.
  const count = b.chance(0.15) ? 0 : b.int(1, 3);
  if (count === 0) body += b.template("  ", true);
  for (let k = 0; k < count && b.room(); k++) body += b.chance(0.2) ? b.update(top, "  ") : b.loop(top, "  ");
  body += b.result();
  const signature = params.join(", ");
  const source = `// @differentiate\nexport function ${name}(${signature}): number {\n${body}}\n`;
  return { name, source, signature, hasW: b.hasW, sizeUse: b.sizeUse };
}

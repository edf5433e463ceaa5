/**
 * Random matrix-vector loop nests for the unroll-and-jam fuzzer (jam.test.ts): an outer loop over rows j whose body
 * is setup P, one inner loop L over columns i, then closing statements T, the shape reverse/jam.ts runs four rows at
 * a time. Each variation either keeps the rows independent (`a += w[j * cols + i] * v[i]`, `h[j] = Math.tanh(a)`)
 * or breaks one of the pass's rules, so that some programs must jam and others must not:
 *   - bounds: counting down, `rows - 1`, `rows / 2`, a constant, `<=`, a step of 2; an inner bound that is
 *     triangular, constant, fractional (`cols - 0.5`), or a local P sets (the same for every row, or not);
 *   - indices: `w[i * rows + j]`, `w[j + i]`, `v[j + i]`, whose adjoints several rows share;
 *   - locals: a value carried from one row to the next (a scalar, `prev[j + 1]`, or within L), a scalar both P and T
 *     update, `acc[i] +=` at an index every row writes, a local L sets and T reads (L may run no iteration), the last
 *     value L sets; branches (in P, L, T) and conditional expressions; recordings (overwrites) in P, L or T;
 *   - the nest run twice, inside another loop or one after the other (the second overwrites what the first stored);
 *   - the gradient's arguments: a random subset of the arrays, so v_bar[i] sometimes exists.
 *
 * Every index is in range by construction: the caller sizes arrays from (rows, cols) with `argumentsOf`, generously.
 * Values stay bounded (inputs on grids in [-2, 2], sums of at most a dozen products, growth only by 1 + 0.1·w).
 * Branches compare parameter elements against 0, which their grids keep at least 0.03 away. A size may be a non-integer
 * only where it is a bound and not part of an index or a start value (`fractional`): a fractional index would read
 * undefined.
 */
import { Dice, grid } from "./generate";
import type { Value } from "../helpers/shaped";

export const SIGNATURE =
  "w: Float64Array, v: Float64Array, b: Float64Array, u: Float64Array, rows: number, cols: number";
/** The size parameters' positions in SIGNATURE: held fixed by the derivative checks. */
export const SIZES = [4, 5];

export interface Nest {
  readonly name: string;
  /** The function's source, marked `// @differentiate`. */
  readonly source: string;
  readonly signature: string;
  /** Array parameters the gradient is taken with respect to, e.g. `"[0, 2]"`. */
  readonly argnums: string;
  /** Which sizes may hold non-integers. */
  readonly fractional: { readonly rows: boolean; readonly cols: boolean };
  /** The outer loop's constant bound, or 0 when it counts to `rows`. */
  readonly constantRows: number;
  /** Tags of the variations chosen, for reports (e.g. "outer:down", "L:acc[i]", "T:carry"). */
  readonly features: readonly string[];
  /** Whether every variation chosen is one jam.ts runs side by side (in the forward sweep at least). */
  readonly jammable: boolean;
}

/** Array lengths for sizes (rows, cols): room for `j + 1`, `i <= cols`, `j + i`, `i * rows + j` and `j * cols + i`. */
export function argumentsOf(nest: Nest, rows: number, cols: number, random: () => number): Value[] {
  const R = Math.max(Math.ceil(rows), nest.constantRows) + 1;
  const C = Math.ceil(cols) + 1;
  const long = C + 2 * R + 1;
  return [
    grid(random, (R + 1) * (C + 1) + R + C, 0.03),
    grid(random, long, 0.07),
    grid(random, R, 0.03),
    grid(random, long, 0.07),
    rows,
    cols,
  ];
}

class NestBuilder extends Dice {
  readonly features: string[] = [];
  /** Local arrays the program allocates, by name: their length expression. */
  readonly locals = new Map<string, string>();
  /** Scalars declared before the loop, with their initial value. */
  readonly scalars = new Map<string, string>([["s", "0"]]);
  rowsFixed = false;
  colsFixed = false;
  constantRows = 0;
  /** How many choices may still break the rows' independence: none, one, or any number. */
  budget = this.pick([0, 0, 1, 1, Infinity]);
  /** Whether no choice has broken it yet. */
  jammable = true;
  /** The width `s` of a row block `j * s + i` of w: the inner loop's bound. */
  width = "cols";
  mixed = false;
  firstW = "";
  firstV = "";
  /** The optional per-row values and statements already drawn, which later statements may use. */
  readonly defined = new Set<string>();
  readonly setup: string[] = [];
  readonly body: string[] = [];
  readonly closing: string[] = [];

  /**
   * Picks among weighted options `[tag, weight, value, jammable]` and records `${kind}:${tag}`. An option is not
   * jammable when it makes rows depend on each other, or when jam.ts cannot see that they do not: a per-row local
   * whose value the reverse sweep needs (`s += a * a`, `a += c * w[…]` after `const c = Math.exp(…)`) is recorded
   * before P sets it, and that read of the previous row's value keeps the rows apart; a bound that is not a name
   * (`rows - 1`) is computed in the body of a `for (;;)`, which the forward sweep does not jam. Those are drawn only
   * while the program's budget lasts, so that about half the programs stay jammable.
   */
  choose<T>(kind: string, options: readonly (readonly [string, number, T, boolean])[], record = true): T {
    const allowed = this.budget > 0 ? options : options.filter(([, , , legal]) => legal);
    let roll = this.random() * allowed.reduce((sum, [, weight]) => sum + weight, 0);
    const picked = allowed.find(([, weight]) => (roll -= weight) < 0) ?? allowed[allowed.length - 1];
    const [tag, , value, legal] = picked;
    if (!legal) {
      this.budget--;
      this.jammable = false;
    }
    if (record) this.features.push(`${kind}:${tag}`);
    return value;
  }

  /** Registers a local array (zeroed, of the given length) and returns its name. */
  local(name: string, length: string): string {
    this.locals.set(name, length);
    return name;
  }

  outer(): string {
    const rows = this.choose("outer", [
      ["up", 5, "rows", true],
      ["minus1", 1, "rows - 1", false],
      ["fromOne", 1, "from1", true],
      ["constant", 1, "constant", true],
      ["down", 1, "down", false],
      ["le", 0.5, "le", false],
      ["half", 0.5, "rows / 2", false],
      ["step2", 0.5, "step2", false],
    ] as const);
    switch (rows) {
      case "from1":
        return "for (let j = 1; j < rows; j++)";
      case "constant":
        this.constantRows = this.int(5, 6);
        return `for (let j = 0; j < ${this.constantRows}; j++)`;
      case "down":
        this.rowsFixed = true;
        return "for (let j = rows - 1; j >= 0; j--)";
      case "le":
        return "for (let j = 0; j <= rows - 1; j++)";
      case "step2":
        return "for (let j = 0; j < rows; j += 2)";
      default:
        return `for (let j = 0; j < ${rows}; j++)`;
    }
  }

  /**
   * The inner loop's header; sets the width `s` of a row block `j * s + i`. A bound P computes is the same for every
   * row (`n = cols`) or the row's own (`n = Math.min(cols, j + 2)`: rows of different lengths must not jam).
   */
  inner(): string {
    const kind = this.choose("inner", [
      ["up", 5, "up", true],
      ["fromOne", 1, "from1", false],
      ["minus1", 1, "minus1", false],
      ["le", 1, "le", false],
      ["down", 0.7, "down", false],
      ["triangle", 0.5, "triangle", false],
      ["constant", 0.5, "constant", true],
      ["half", 0.3, "i < cols / 2", false],
      ["minusHalf", 0.3, "i < cols - 0.5", false],
      ["local", 0.5, "local", true],
      ["row's own", 0.4, "row", false],
    ] as const);
    switch (kind) {
      case "local":
        this.setup.push("const n = cols;");
        return "for (let i = 0; i < n; i++)";
      case "row":
        this.setup.push("const n = Math.min(cols, j + 2);");
        return "for (let i = 0; i < n; i++)";
      case "from1":
        return "for (let i = 1; i < cols; i++)";
      case "minus1":
        return "for (let i = 0; i < cols - 1; i++)";
      case "le":
        return "for (let i = 0; i <= cols - 1; i++)";
      case "down":
        this.colsFixed = true;
        return "for (let i = cols - 1; i >= 0; i--)";
      case "triangle":
        return "for (let i = 0; i < j; i++)";
      case "constant":
        this.width = "3";
        return "for (let i = 0; i < 3; i++)";
      case "up":
        return "for (let i = 0; i < cols; i++)";
      default:
        return `for (let i = 0; ${kind}; i++)`;
    }
  }

  /** An index into w: a row block (rows touch their own elements) or one that rows share. */
  wIndex(record: boolean): string {
    const index = this.choose(
      "w",
      [
        ["block", 6, `j * ${this.width} + i`, true],
        ["transposed", 1, "i * rows + j", false],
        ["shifted", 0.5, `j * ${this.width} + i + 1`, false],
        ["diagonal", 0.5, "j + i", false],
      ] as const,
      record,
    );
    if (index === "i * rows + j") this.rowsFixed = true;
    if (index.includes("cols")) this.colsFixed = true;
    return index;
  }

  /** An index into v: shared by the rows (only v_bar's increments are then out of order) or the row's own. */
  vIndex(record: boolean): string {
    return this.choose(
      "v",
      [
        ["i", 6, "i", true],
        ["j+i", 1, "j + i", false],
        ["i+1", 0.5, "i + 1", true],
        ["j", 0.5, "j", true],
      ] as const,
      record,
    );
  }

  /** Most programs read w and v the same way in every statement of L; some mix the index forms. */
  indices(): void {
    this.mixed = this.budget > 0 && this.chance(0.2);
    if (this.mixed) this.features.push("w,v:mixed");
    this.firstW = this.wIndex(!this.mixed);
    this.firstV = this.vIndex(!this.mixed);
  }
  /** The indices of w and v for the next statement of L. */
  nextIndices(): [string, string] {
    return this.mixed ? [this.wIndex(false), this.vIndex(false)] : [this.firstW, this.firstV];
  }

  /** P: the row's accumulator `a`, then optional per-row values (recorded `Math` results, branches, stores). */
  rowSetup(): void {
    const init = this.choose("P", [
      ["b[j]", 3, "b[j]", true],
      ["zero", 2, "0", true],
      ["cos", 1, "Math.cos(b[j])", true],
      ["product", 1, "b[j] * u[j]", true],
      ["carry", 1, "carry", false],
      ["prev", 0.5, "prev", false],
    ] as const);
    if (init === "carry") {
      this.scalars.set("carry", "0.5");
      this.setup.push("let a = carry;");
      this.closing.push("carry = Math.sin(a);");
    } else if (init === "prev") {
      this.local("prev", "b.length");
      this.setup.push("let a = prev[j];");
      this.closing.push("prev[j + 1] = Math.tanh(a);");
    } else this.setup.push(`let a = ${init};`);
    for (let k = this.int(0, 2); k > 0; k--) {
      const extra = this.choose("P", [
        ["exp", 1, "c", false],
        ["reads h[j]", 0.5, "d", true],
        ["s +=", 0.5, "s", false],
        ["overwrite", 0.5, "q", false],
        ["shared", 0.4, "e", true],
        ["branch", 0.4, "branch", true],
        ["h[j] = u[j]", 0.4, "store", true],
        ["a2", 0.5, "a2", true],
      ] as const);
      if (this.defined.has(extra)) continue;
      this.defined.add(extra);
      if (extra === "c") this.setup.push("const c = Math.exp(0.5 * b[j]);");
      if (extra === "d") this.setup.push("const d = u[j] + h[j];");
      if (extra === "s") this.setup.push("s += 0.1 * b[j];");
      if (extra === "q") this.setup.push("let q = Math.sin(b[j]);", "q = q * q + u[j];");
      if (extra === "e") this.setup.push("const e = v[0] * 2;");
      if (extra === "branch") this.setup.push("if (b[j] > 0) a += u[j];");
      if (extra === "store") this.setup.push("h[j] = u[j];");
      if (extra === "a2") this.setup.push("let a2 = 0;");
    }
  }

  /** L: the accumulation into `a`, then optional statements (stores, branches, other locals). */
  innerBody(): void {
    let [w, v] = this.nextIndices();
    this.body.push(
      this.choose("L", [
        ["dot", 4, `a += w[${w}] * v[${v}];`, true],
        ["sin", 1, `a += Math.sin(w[${w}]) * v[${v}];`, true],
        ["scale", 1, `a = a * (1 + 0.1 * w[${w}]) + v[${v}];`, false],
        ["tanh(a)", 0.5, `a += 0.1 * Math.tanh(a) * w[${w}];`, false],
        ["temporary", 1, `const t = w[${w}] * v[${v}];\na += t * t;`, true],
        ["cond", 0.5, `a += (v[${v}] > 0 ? w[${w}] : 0.5) * v[${v}];`, false],
      ] as const),
    );
    if (this.defined.has("a2")) this.body.push(`a2 += w[${w}] * u[${v}];`);
    for (let k = this.int(0, 2); k > 0; k--) {
      [w, v] = this.nextIndices();
      const extra = this.choose("L", [
        ["acc[i]", 0.7, "acc", false],
        ["acc[v]", 0.3, "accV", false],
        ["z block", 0.7, "z", true],
        ["y[j]", 0.5, "y", true],
        ["branch", 0.4, "branch", false],
        ["s +=", 0.3, "s", false],
        ["last", 0.4, "last", true],
        ["carried", 0.3, "carried", false],
        ["uses c", this.defined.has("c") ? 1 : 0, "c", true],
        ["uses e", this.defined.has("e") ? 1 : 0, "e", true],
      ] as const);
      if (this.defined.has(`L ${extra}`)) continue;
      this.defined.add(`L ${extra}`);
      if (extra === "acc") this.body.push(`${this.local("acc", "v.length")}[i] += w[${w}] * a;`);
      if (extra === "accV") this.body.push(`${this.local("acc", "v.length")}[${v}] += 0.5 * w[${w}];`);
      if (extra === "z" && this.width === "cols") this.colsFixed = true;
      if (extra === "z") this.body.push(`${this.local("z", "w.length")}[j * ${this.width} + i] = w[${w}] * v[${v}];`);
      if (extra === "y") this.body.push(`${this.local("y", "b.length")}[j] += w[${w}] * v[${v}];`);
      if (extra === "branch") this.body.push(`if (v[${v}] > 0) a += w[${w}];`);
      if (extra === "s") this.body.push(`s += 0.01 * w[${w}];`);
      if (extra === "last") this.scalars.set("last", "0");
      if (extra === "last") this.body.push(`last = w[${w}] * v[${v}];`);
      if (extra === "carried") this.scalars.set("pw", "0");
      if (extra === "carried") this.body.push(`a += pw * v[${v}];`, `pw = w[${w}];`);
      if (extra === "c") this.body.push(`a += c * w[${w}];`);
      if (extra === "e") this.body.push(`a += e * v[${v}];`);
    }
  }

  /** T: what the row leaves behind (stores at j, scalar updates, a branch). */
  rowClosing(): void {
    if (this.defined.has("a2")) this.closing.push("s += Math.tanh(a2);");
    const carried = this.closing.length;
    for (let k = this.int(1, 2); k > 0; k--) {
      const statement = this.choose("T", [
        ["h[j] = tanh", 3, "h[j] = Math.tanh(a);", true],
        ["s += a*a", 2, "s += a * a;", false],
        ["s = sin(s)", 1, "s = Math.sin(s) + 0.5 * a;", true],
        ["h[j] +=", 1, "h[j] += a * b[j];", false],
        ["m", 0.5, "m = Math.tanh(a);\ns += m * u[j];", true],
        ["s += tanh(a)", 1, "s += Math.tanh(a) * u[j];", true],
        ["branch", 0.5, "if (u[j] > 0) s += Math.tanh(a);\nelse h[j] = 0.5 * a;", true],
        ["times j", 0.5, "h[j] = Math.tanh(a) * (0.1 * j + 1);", true],
        ["reads h[j]", 0.5, "h[j] = Math.tanh(a + h[j]);", true],
        ["uses q", this.defined.has("q") ? 1 : 0, "s += q * a;", false],
        ["uses d", this.defined.has("d") ? 1 : 0, "s += d * a;", false],
        ["uses last", this.scalars.has("last") ? 0.5 : 0, "s += last * u[j];", false],
      ] as const);
      if (statement.startsWith("m =")) this.scalars.set("m", "0");
      if (!this.closing.includes(statement)) this.closing.push(statement);
    }
    if (this.closing.length === carried) this.closing.push("h[j] = Math.tanh(a);");
  }
}

/** `lines` (which may hold several lines each) indented by `pad`. */
const indent = (lines: readonly string[], pad: string) =>
  lines.flatMap((line) => line.split("\n").map((l) => `${pad}${l}\n`)).join("");

/** The program of one seed: deterministic, so a failing seed reproduces. */
export function generateNest(seed: number): Nest {
  const b = new NestBuilder(seed);
  const name = `nest${seed}`;
  const outer = b.outer();
  const header = b.inner();
  b.indices();
  b.rowSetup();
  b.innerBody();
  b.rowClosing();
  const argnums = [0, 1, 2, 3].filter((k) => b.chance([0.7, 0.35, 0.5, 0.4][k]));
  if (argnums.length === 0) argnums.push(b.int(0, 3));
  b.features.push(`argnums:${argnums.join("")}`);
  // Some nests run twice, inside another loop or one after the other: the second overwrites what the first stored.
  const twice = b.pick(["", "", "", "", "", "", "", "", "loop", "sequence"] as const);
  if (twice) b.features.push(`outer:twice (${twice})`);

  b.local("h", "b.length");
  const declarations = [
    ...[...b.locals].map(([array, length]) => `const ${array} = new Float64Array(${length});`),
    ...[...b.scalars].map(([scalar, value]) => `let ${scalar} = ${value};`),
  ];
  const inner = [`${header} {`, indent(b.body, "  ").trimEnd(), "}"];
  let nest = [`${outer} {`, indent([...b.setup, ...inner, ...b.closing], "  ").trimEnd(), "}"];
  if (twice === "loop") nest = ["for (let pass = 0; pass < 2; pass++) {", indent(nest, "  ").trimEnd(), "}"];
  if (twice === "sequence") nest = [...nest, ...nest];
  // The value: every local array and scalar the nest wrote, weighted so that each element matters.
  const terms: Record<string, string> = {
    h: "h[k] * (0.1 * k + 1)",
    prev: "prev[k]",
    acc: "0.01 * acc[k] * acc[k]",
    z: "0.5 * z[k]",
    y: "0.1 * y[k] * y[k]",
  };
  const result = [
    `let r = ${[...b.scalars.keys()].join(" + ")};`,
    ...[...b.locals.keys()].map((array) => `for (let k = 0; k < ${array}.length; k++) r += ${terms[array]};`),
    "return r;",
  ];
  const body = indent([...declarations, ...nest, ...result], "  ");
  return {
    name,
    source: `// @differentiate\nexport function ${name}(${SIGNATURE}): number {\n${body}}\n`,
    signature: SIGNATURE,
    argnums: `[${argnums.join(", ")}]`,
    fractional: { rows: !b.rowsFixed, cols: !b.colsFixed },
    constantRows: b.constantRows,
    features: b.features,
    jammable: b.jammable,
  };
}

/**
 * Random matrix-vector loop nests for the unroll-and-jam fuzzer (jam.test.ts): an outer loop over rows j whose body
 * is setup P, one inner loop L over columns i, then closing statements T, the shape reverse/jam.ts runs four rows at
 * a time. Each variation either keeps the rows independent (`a += w[j * cols + i] * v[i]`, `h[j] = Math.tanh(a)`)
 * or breaks one of the pass's rules, so that some programs must jam and others must not:
 *   - bounds: counting down, `rows - 1`, a constant, `<=`, a triangular or constant inner bound;
 *   - indices: `w[i * rows + j]`, `w[j + i]`, `v[j + i]`, whose adjoints several rows share;
 *   - locals: a value carried from one row to the next (a scalar or `prev[j + 1]`), a scalar both P and T update,
 *     `acc[i] +=` at an index every row writes, a branch in L, recordings (overwrites) in P, L or T;
 *   - the gradient's arguments: a random subset of the arrays, so v_bar[i] sometimes exists.
 *
 * Every index is in range by construction: the caller sizes arrays from (rows, cols) with `lengthsOf`, generously.
 * Values stay bounded (inputs on grids in [-2, 2], sums of at most a dozen products, growth only by 1 + 0.1·w).
 * Branches compare v against 0 (v's grid keeps 0.03 away). A size may be a non-integer only where it is a bound and
 * not part of an index or a start value (`fractional`): a fractional index would read undefined.
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

  /**
   * Picks among weighted options `[tag, weight, value, jammable]` and records `${kind}:${tag}`. An option is not
   * jammable when it makes rows depend on each other, or when jam.ts cannot see that they do not (T reading `a`
   * itself: the forward sweep then records the previous row's `a` before P sets it). Those are drawn only while the
   * program's budget lasts, so that about half the programs stay jammable.
   */
  choose<T>(kind: string, options: readonly (readonly [string, number, T, boolean])[], record = true): T {
    const allowed = this.budget > 0 ? options : options.filter(([, , , legal]) => legal);
    let roll = this.random() * allowed.reduce((sum, [, weight]) => sum + weight, 0);
    const picked = allowed.find(([, weight]) => (roll -= weight) < 0) ?? allowed[allowed.length - 1];
    const [tag, , value, legal] = picked;
    if (!legal) this.budget--;
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
      ["minus1", 1, "rows - 1", true],
      ["fromOne", 1, "from1", true],
      ["constant", 1, "constant", true],
      ["down", 1, "down", false],
      ["le", 0.5, "le", false],
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
      default:
        return `for (let j = 0; j < ${rows}; j++)`;
    }
  }

  /** The inner loop's header and the width `s` of a row block `j * s + i`. */
  inner(): { header: string; width: string } {
    const kind = this.choose("inner", [
      ["up", 5, "up", true],
      ["fromOne", 1, "from1", false],
      ["minus1", 1, "minus1", false],
      ["le", 1, "le", false],
      ["down", 0.7, "down", false],
      ["triangle", 0.5, "triangle", false],
      ["constant", 0.5, "constant", true],
    ] as const);
    switch (kind) {
      case "from1":
        return { header: "for (let i = 1; i < cols; i++)", width: "cols" };
      case "minus1":
        return { header: "for (let i = 0; i < cols - 1; i++)", width: "cols" };
      case "le":
        return { header: "for (let i = 0; i <= cols - 1; i++)", width: "cols" };
      case "down":
        this.colsFixed = true;
        return { header: "for (let i = cols - 1; i >= 0; i--)", width: "cols" };
      case "triangle":
        return { header: "for (let i = 0; i < j; i++)", width: "cols" };
      case "constant":
        return { header: "for (let i = 0; i < 3; i++)", width: "3" };
      default:
        return { header: "for (let i = 0; i < cols; i++)", width: "cols" };
    }
  }

  /** An index into w: a row block (rows touch their own elements) or one that rows share. */
  wIndex(width: string, record: boolean): string {
    const index = this.choose(
      "w",
      [
        ["block", 6, `j * ${width} + i`, true],
        ["transposed", 1, "i * rows + j", false],
        ["shifted", 0.5, `j * ${width} + i + 1`, false],
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
}

/** The program of one seed: deterministic, so a failing seed reproduces. */
export function generateNest(seed: number): Nest {
  const b = new NestBuilder(seed);
  const name = `nest${seed}`;
  const outer = b.outer();
  const { header, width } = b.inner();
  // Most programs read w and v the same way in every statement; some mix the index forms.
  const mixed = b.budget > 0 && b.chance(0.2);
  if (mixed) b.features.push("w,v:mixed");
  const firstW = b.wIndex(width, !mixed);
  const firstV = b.vIndex(!mixed);
  const W = () => (mixed ? b.wIndex(width, false) : firstW);
  const V = () => (mixed ? b.vIndex(false) : firstV);

  // P: the row's accumulator `a`, then optional per-row values.
  const setup: string[] = [];
  const closing: string[] = [];
  const init = b.choose("P", [
    ["b[j]", 3, "b[j]", true],
    ["zero", 2, "0", true],
    ["cos", 1, "Math.cos(b[j])", true],
    ["product", 1, "b[j] * u[j]", true],
    ["carry", 1, "carry", false],
    ["prev", 0.5, "prev", false],
  ] as const);
  if (init === "carry") {
    b.scalars.set("carry", "0.5");
    setup.push("let a = carry;");
    closing.push("carry = Math.sin(a);");
  } else if (init === "prev") {
    b.local("prev", "b.length");
    setup.push("let a = prev[j];");
    closing.push("prev[j + 1] = Math.tanh(a);");
  } else setup.push(`let a = ${init};`);
  const h = b.local("h", "b.length");
  const extras = new Set<string>();
  for (let k = b.int(0, 2); k > 0; k--) {
    const extra = b.choose("P", [
      ["exp", 1, "c", true],
      ["reads h[j]", 0.5, "d", true],
      ["s +=", 0.5, "s", false],
      ["overwrite", 0.5, "q", true],
      ["shared", 0.4, "e", true],
    ] as const);
    if (extras.has(extra)) continue;
    extras.add(extra);
    if (extra === "c") setup.push("const c = Math.exp(0.5 * b[j]);");
    if (extra === "d") setup.push(`const d = u[j] + ${h}[j];`);
    if (extra === "s") setup.push("s += 0.1 * b[j];");
    if (extra === "q") setup.push("let q = Math.sin(b[j]);", "q = q * q + u[j];");
    if (extra === "e") setup.push("const e = v[0] * 2;");
  }

  // L: the accumulation first, then optional statements.
  const body: string[] = [];
  // Each statement reads w and v at its own indices (the same unless mixed), drawn before the statement.
  let [wi, vi] = [W(), V()];
  body.push(
    b.choose("L", [
      ["dot", 4, `a += w[${wi}] * v[${vi}];`, true],
      ["sin", 1, `a += Math.sin(w[${wi}]) * v[${vi}];`, true],
      ["scale", 1, `a = a * (1 + 0.1 * w[${wi}]) + v[${vi}];`, false],
      ["tanh(a)", 0.5, `a += 0.1 * Math.tanh(a) * w[${wi}];`, false],
      ["temporary", 1, `const t = w[${wi}] * v[${vi}];\n      a += t * t;`, true],
    ] as const),
  );
  for (let k = b.int(0, 2); k > 0; k--) {
    [wi, vi] = [W(), V()];
    const extra = b.choose("L", [
      ["acc[i]", 0.7, "acc", false],
      ["acc[v]", 0.3, "accV", false],
      ["z block", 0.7, "z", true],
      ["y[j]", 0.5, "y", true],
      ["branch", 0.4, "branch", false],
      ["s +=", 0.3, "s", false],
      ["uses c", extras.has("c") ? 1 : 0, "c", true],
      ["uses e", extras.has("e") ? 1 : 0, "e", true],
    ] as const);
    if (extra === "acc") body.push(`${b.local("acc", "v.length")}[i] += w[${wi}] * a;`);
    if (extra === "accV") body.push(`${b.local("acc", "v.length")}[${vi}] += 0.5 * w[${wi}];`);
    if (extra === "z" && width === "cols") b.colsFixed = true;
    if (extra === "z") body.push(`${b.local("z", "w.length")}[j * ${width} + i] = w[${wi}] * v[${vi}];`);
    if (extra === "y") body.push(`${b.local("y", "b.length")}[j] += w[${wi}] * v[${vi}];`);
    if (extra === "branch") body.push(`if (v[${vi}] > 0) a += w[${wi}];`);
    if (extra === "s") body.push(`s += 0.01 * w[${wi}];`);
    if (extra === "c") body.push(`a += c * w[${wi}];`);
    if (extra === "e") body.push(`a += e * v[${vi}];`);
  }

  // T: what the row leaves behind.
  for (let k = b.int(1, 2); k > 0; k--) {
    const statement = b.choose("T", [
      ["h[j] = tanh", 3, `${h}[j] = Math.tanh(a);`, true],
      ["s += a*a", 2, "s += a * a;", false],
      ["s = sin(s)", 1, "s = Math.sin(s) + 0.5 * a;", true],
      ["h[j] +=", 1, `${h}[j] += a * b[j];`, false],
      ["m", 0.5, "m = Math.tanh(a);\n    s += m * u[j];", true],
      ["uses q", extras.has("q") ? 1 : 0, "s += q * a;", false],
      ["uses d", extras.has("d") ? 1 : 0, "s += d * a;", false],
      ["s += tanh(a)", 1, "s += Math.tanh(a) * u[j];", true],
    ] as const);
    if (statement.startsWith("m =")) b.scalars.set("m", "0");
    if (!closing.includes(statement)) closing.push(statement);
  }
  if (closing.length === (init === "carry" || init === "prev" ? 1 : 0)) closing.push(`${h}[j] = Math.tanh(a);`);

  const argnums = [0, 1, 2, 3].filter((k) => b.chance([0.7, 0.5, 0.5, 0.4][k]));
  if (argnums.length === 0) argnums.push(b.int(0, 3));
  b.features.push(`argnums:${argnums.join("")}`);

  const declarations = [
    ...[...b.locals].map(([array, length]) => `  const ${array} = new Float64Array(${length});`),
    ...[...b.scalars].map(([scalar, value]) => `  let ${scalar} = ${value};`),
  ];
  const inner = `    ${header} {\n${body.map((s) => `      ${s}\n`).join("")}    }\n`;
  const loop = `  ${outer} {\n${setup.map((s) => `    ${s}\n`).join("")}${inner}${closing.map((s) => `    ${s}\n`).join("")}  }\n`;
  // The value: every local array and scalar the nest wrote, weighted so that each element matters.
  const terms: Record<string, string> = {
    h: "h[k] * (0.1 * k + 1)",
    prev: "prev[k]",
    acc: "0.01 * acc[k] * acc[k]",
    z: "0.5 * z[k]",
    y: "0.1 * y[k] * y[k]",
  };
  let result = `  let r = ${[...b.scalars.keys()].join(" + ")};\n`;
  for (const array of b.locals.keys()) result += `  for (let k = 0; k < ${array}.length; k++) r += ${terms[array]};\n`;
  const source = `// @differentiate\nexport function ${name}(${SIGNATURE}): number {\n${declarations.join("\n")}\n${loop}${result}  return r;\n}\n`;
  return {
    name,
    source,
    signature: SIGNATURE,
    argnums: `[${argnums.join(", ")}]`,
    fractional: { rows: !b.rowsFixed, cols: !b.colsFixed },
    constantRows: b.constantRows,
    features: b.features,
  };
}

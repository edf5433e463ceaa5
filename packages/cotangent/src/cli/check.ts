/**
 * `cotangent check FILES...`: generates the derivative modules in memory (forward and reverse), runs every marked
 * function's derivatives at sample points, and prints them next to central finite differences. It fails when a
 * derivative is further from finite differences than the tolerance, or forward and reverse mode disagree.
 *
 * Sample points: an exported `<name>Samples` array of argument tuples in the function's file; otherwise, for
 * functions whose parameters are all numbers, three fixed-seed points in [0.5, 1.5].
 */
import * as path from "path";
import type { StandaloneFunction } from "@cotangent/core";
import { HELP_FLAG, UsageError, type CommandSpec, type Parsed } from "./args";
import { report, syntaxErrors } from "./diagnostics";
import { generate } from "./generate";
import { generatedSamples, partials, scaledError, secondPartials, type Partial, type SecondPartial } from "./harness";
import type { Io } from "./io";
import { createLoader, type ModuleExports } from "./load";
import { openProject, type Ts } from "./project";
import { loadRules } from "./rules";
import { formatTable } from "./table";

export const checkCommand: CommandSpec = {
  name: "check",
  usage: "cotangent check [options] FILES...",
  brief: "Run the derivatives at sample points against finite differences; exit 1 on disagreement.",
  summary:
    "Runs the derivatives of every function marked // @differentiate in FILES at sample points and prints them\n" +
    "next to central finite differences. Exits 1 when a derivative disagrees.",
  flags: [
    {
      name: "tolerance",
      value: "TOL",
      description: "Largest |derivative − FD| / max(1, |FD|) accepted (default 1e-6).",
    },
    {
      name: "rules",
      value: "FILE",
      description: "A module exporting 'rules': derivative rules over the built-in ones.",
    },
    { name: "hvp", description: "Also check the Hessian of each function returning a number, from f_hvp." },
    { name: "project", alias: "p", value: "PATH", description: "tsconfig.json to read (default: the nearest one)." },
    HELP_FLAG,
  ],
  details:
    "Sample points: export '<name>Samples' from the function's file, an array of argument tuples, e.g.\n" +
    "  export const lossSamples: Parameters<typeof loss>[] = [[new Float64Array([1, 2]), 0.5]];\n" +
    "Without it, a function whose parameters are all numbers is checked at three fixed-seed points in [0.5, 1.5];\n" +
    "for other functions, the missing samples are an error. Forward and reverse mode must also agree to 1e-9.\n" +
    "A number parameter that only sets a size, an index or a count (n, d, steps) has no finite difference (a\n" +
    "fractional size reads past the arrays, a count perturbed runs one more pass), and neither has a point where\n" +
    "the function jumps or has a kink (the one-sided differences disagree): such an entry is shown as\n" +
    "'not compared', and is no failure when the modes agree.\n" +
    "With --hvp, each Hessian entry from f_hvp is also compared with central differences of the gradient, and the\n" +
    "Hessian must be symmetric to 1e-9.\n" +
    "Exit codes: 0 all agree, 1 a disagreement or diagnostics, 2 usage errors.",
};

/** Forward and reverse mode sum the same products in another order: they agree to rounding error. */
const MODES_AGREE = 1e-9;

export function runCheck(ts: Ts, args: Parsed, io: Io): number {
  const tolerance = Number(args.flags.get("tolerance") ?? 1e-6);
  if (!(tolerance > 0)) throw new UsageError(`option '--tolerance' must be a positive number`);
  const project = openProject(ts, args.positionals, args.flags.get("project") as string | undefined, io.cwd);
  if (report(ts, syntaxErrors(project.program, project.roots), io.cwd, io.stderr)) return 1;
  const rulesFlag = args.flags.get("rules");
  const rules = typeof rulesFlag === "string" ? loadRules(ts, path.resolve(io.cwd, rulesFlag)) : undefined;
  // One runtime instance for every module: a callee's forward sweep and its caller's reverse sweep share the tape.
  const runtimeSpecifier = require.resolve("@cotangent/runtime").split(path.sep).join("/");
  const hvp = args.flags.has("hvp");
  const generated = generate(project, { mode: "both", version: io.version, runtimeSpecifier, rules, hvp });
  if (report(ts, generated.diagnostics, io.cwd, io.stderr)) return 1;

  const loader = createLoader(ts, new Map(generated.modules.map((m) => [m.path, m.contents])));
  const rows: string[][] = [];
  const secondRows: string[][] = [];
  const problems: string[] = [];
  let checked = 0;
  for (const m of generated.modules) {
    if (m.functions.length === 0) continue;
    let primal: ModuleExports;
    let derivatives: ModuleExports;
    try {
      primal = loader.load(m.source.fileName);
      derivatives = loader.load(m.path);
    } catch (error) {
      // A module that throws while loading, e.g. one that calls a marker (grad(f)) at top level without the transform.
      const relative = path.relative(io.cwd, m.source.fileName);
      problems.push(`cannot run ${relative}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (const fn of m.functions) {
      const samples = samplesOf(fn, primal, problems);
      if (!samples) continue;
      samples.forEach((sample, k) => {
        const label = `${fn.name} #${k + 1}`;
        io.stdout(`${label}: (${sample.map(formatValue).join(", ")})\n`);
        try {
          checkPoint({ fn, label, sample, primal, derivatives, tolerance, hvp, rows, secondRows, problems });
          checked++;
        } catch (error) {
          // The user's code threw at this point (a primal that rejects it, a sample of the wrong shape).
          problems.push(`${label}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        }
      });
    }
  }
  if (rows.length > 0) {
    io.stdout("\n");
    io.stdout(
      formatTable(
        ["point", "input", "output", "reverse mode", "forward mode", "finite diff.", "rev vs fwd", "vs FD"],
        rows,
      ),
    );
  }
  if (secondRows.length > 0) {
    io.stdout("\n");
    io.stdout(
      formatTable(["point", "input", "by input", "hvp", "fd of gradient", "vs transposed", "vs FD"], secondRows),
    );
  }
  io.stdout(`\n${checked} point${checked === 1 ? "" : "s"} checked, tolerance ${tolerance}.\n`);
  if (problems.length === 0) return 0;
  io.stderr(`\n${problems.map((p) => `error: ${p}`).join("\n")}\n`);
  return 1;
}

/** One sample point of one function: its rows in the tables, and its problems. */
interface PointCheck {
  readonly fn: StandaloneFunction;
  readonly label: string;
  readonly sample: readonly unknown[];
  readonly primal: ModuleExports;
  readonly derivatives: ModuleExports;
  readonly tolerance: number;
  readonly hvp: boolean;
  readonly rows: string[][];
  readonly secondRows: string[][];
  readonly problems: string[];
}

function checkPoint(c: PointCheck): void {
  const { fn, label, derivatives } = c;
  const call = (name: string | undefined) => (name ? (derivatives[name] as (...a: unknown[]) => unknown) : undefined);
  const exports = {
    primal: c.primal[fn.name] as (...a: unknown[]) => unknown,
    jvp: call(fn.jvp),
    vjp: call(fn.vjp),
  };
  for (const p of partials(fn, exports, c.sample)) {
    const row = rowOf(label, p, c.tolerance);
    if (row.bad) c.problems.push(`${label}: ∂${fn.name}${p.output}/∂${p.input} ${row.bad}`);
    c.rows.push(row.cells);
  }
  const product = call(fn.hvp);
  if (!c.hvp || !product || !exports.vjp) return;
  for (const p of secondPartials(fn, { vjp: exports.vjp, hvp: product }, c.sample)) {
    const row = secondRowOf(label, p, c.tolerance);
    if (row.bad) c.problems.push(`${label}: ∂²${fn.name}/∂${p.row}∂${p.column} ${row.bad}`);
    c.secondRows.push(row.cells);
  }
}

function samplesOf(fn: StandaloneFunction, primal: ModuleExports, problems: string[]): unknown[][] | undefined {
  if (typeof primal[fn.name] !== "function") {
    problems.push(`'${fn.name}' is not exported from its file, so check cannot call it. Export it.`);
    return undefined;
  }
  const given = primal[`${fn.name}Samples`];
  if (given === undefined) {
    const generated = generatedSamples(fn, 3);
    if (!generated) {
      problems.push(
        `'${fn.name}' takes arrays or objects, so check cannot choose points for it. ` +
          `Export '${fn.name}Samples', an array of argument tuples.`,
      );
    }
    return generated;
  }
  const valid = Array.isArray(given) && given.every((s) => Array.isArray(s) && s.length === fn.sources.length);
  if (!valid) {
    problems.push(`'${fn.name}Samples' must be an array of argument tuples of length ${fn.sources.length}.`);
    return undefined;
  }
  return given as unknown[][];
}

function rowOf(label: string, p: Partial, tolerance: number): { cells: string[]; bad?: string } {
  const modes = [p.reverse, p.forward].filter((v): v is number => v !== undefined);
  const num = (v: number | undefined) => (v === undefined ? "-" : v.toPrecision(12));
  const err = (v: number) => (Number.isNaN(v) ? "NaN" : v.toExponential(1));
  // A size or an index perturbed by h: the function is not defined there, so only the two modes are compared.
  if (!Number.isFinite(p.finiteDifference) && modes.length > 0 && modes.every((v) => Number.isFinite(v))) {
    const revFwd = p.reverse !== undefined && p.forward !== undefined ? scaledError(p.reverse, p.forward) : 0;
    const cells = [label, p.input, p.output, num(p.reverse), num(p.forward), "not compared", err(revFwd), "-"];
    if (revFwd <= MODES_AGREE) return { cells };
    return { cells: [...cells, "FAIL"], bad: `differs between reverse and forward mode (${revFwd.toExponential(1)})` };
  }
  const vsFd = Math.max(...modes.map((v) => scaledError(v, p.finiteDifference)));
  const revFwd = p.reverse !== undefined && p.forward !== undefined ? scaledError(p.reverse, p.forward) : 0;
  let bad: string | undefined;
  if (!(vsFd <= tolerance)) bad = `differs from finite differences (error ${vsFd.toExponential(1)} > ${tolerance})`;
  else if (!(revFwd <= MODES_AGREE)) bad = `differs between reverse and forward mode (${revFwd.toExponential(1)})`;
  const cells = [
    label,
    p.input,
    p.output,
    num(p.reverse),
    num(p.forward),
    num(p.finiteDifference),
    err(revFwd),
    err(vsFd),
  ];
  return { cells: bad ? [...cells, "FAIL"] : cells, bad };
}

function secondRowOf(label: string, p: SecondPartial, tolerance: number): { cells: string[]; bad?: string } {
  // No finite difference (a count perturbed, a jump in the gradient): only the symmetry is checked.
  const compared = Number.isFinite(p.finiteDifference) || !Number.isFinite(p.hvp);
  const vsFd = compared ? scaledError(p.hvp, p.finiteDifference) : 0;
  const symmetry = scaledError(p.hvp, p.transposed);
  let bad: string | undefined;
  if (!(vsFd <= tolerance)) bad = `differs from finite differences (error ${vsFd.toExponential(1)} > ${tolerance})`;
  else if (!(symmetry <= MODES_AGREE)) bad = `differs from its transposed entry (${symmetry.toExponential(1)})`;
  const err = (v: number) => (Number.isNaN(v) ? "NaN" : v.toExponential(1));
  const cells = [
    label,
    p.row,
    p.column,
    p.hvp.toPrecision(12),
    compared ? p.finiteDifference.toPrecision(12) : "not compared",
    err(symmetry),
    compared ? err(vsFd) : "-",
  ];
  return { cells: bad ? [...cells, "FAIL"] : cells, bad };
}

function formatValue(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) {
    const items = Array.from(v as ArrayLike<unknown>).map(formatValue);
    const shown = items.length > 6 ? [...items.slice(0, 6), `… ${items.length} in all`] : items;
    return `[${shown.join(", ")}]`;
  }
  if (v && typeof v === "object") {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(v);
}

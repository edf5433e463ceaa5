/**
 * The diagnostic catalog, entry by entry: for every code in messages.ts, a small program that triggers it, the
 * exact line:col of the offending node, and the part of the message that says what to do. All cases are files of
 * one TypeScript program (one compile keeps the suite fast). A meta-test fails when a code has no case, so the
 * catalog and its tests cannot drift apart.
 */
import { Messages, type Message } from "@cotangent/core";
import { compile, type CompileResult } from "../helpers/compile";
import { catalogCases, type CatalogCase } from "./catalogCases";

/**
 * Codes that lowering no longer reports because a more specific entry replaced every construct they covered. They
 * stay in the catalog so that codes are never reused or renumbered.
 */
const superseded: Readonly<Record<number, string>> = {
  [Messages.UnsupportedFunctionKind.code]: "generators are TS990037 and async functions TS990038",
};

/** Codes only `cotangent emit` reports (standalone derivative modules); test/cli asserts each one. */
const reportedByTheCli: Readonly<Record<number, string>> = {
  [Messages.NothingToDifferentiate.code]: "test/cli/commandline.test.ts",
  [Messages.NotExportedForDerivatives.code]: "test/cli/emit.test.ts and commandline.test.ts",
  [Messages.HvpNotWritten.code]: "test/cli/emit.test.ts",
};

/** Codes of the whole program, at no file (options); their tests are elsewhere. */
const reportedAtNoFile: Readonly<Record<number, string>> = {
  [Messages.InvalidOption.code]: "test/diagnostics/diagnostics.test.ts",
};

const filesOf = (c: CatalogCase) => [[c.file, c.source], ...Object.entries(c.files ?? {})];

let compiled: CompileResult | undefined;
/** The cases with the built-in rules, in one program; a case with its own rules is compiled alone. */
function output(c?: CatalogCase): CompileResult {
  if (c?.rules) return compile(Object.fromEntries(filesOf(c)), {}, { plugin: { rules: c.rules } });
  compiled ??= compile(Object.fromEntries(catalogCases.filter((k) => !k.rules).flatMap(filesOf)));
  return compiled;
}

/** `file:line:col - category TSxxxx: text`, parsed. */
function parse(rendered: string): { file: string; at: string; code: number; text: string } | undefined {
  const m = /^(\S+?):(\d+:\d+) - \w+ TS(\d+): ([\s\S]*)$/.exec(rendered);
  return m ? { file: m[1], at: m[2], code: Number(m[3]), text: m[4] } : undefined;
}

/** A regular expression for a catalog text: literal, except `{n}`, which stands for any argument. */
function templateOf(message: Message): RegExp {
  const parts = message.text.split(/\{\d+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[\\s\\S]*")}$`);
}

const byCode = new Map<number, Message>(Object.values(Messages).map((m) => [m.code, m]));

function check(c: CatalogCase): void {
  const out = output(c);
  const ours = [...out.diagnostics, ...out.warnings]
    .map(parse)
    .filter((d): d is NonNullable<typeof d> => !!d && d.file === c.file && d.code >= 990000 && d.code < 991000);
  const theirs = out.diagnostics
    .map(parse)
    .filter((d) => d && d.file === c.file && !(d.code >= 990000 && d.code < 991000))
    .map((d) => d?.code);
  expect({ file: c.file, tsErrors: [...new Set(theirs)] }).toEqual({ file: c.file, tsErrors: c.tsErrors ?? [] });
  const expected = [{ at: c.at, code: c.code }, ...(c.also ?? [])].map((e) => `${e.at} TS${e.code}`).sort();
  expect(ours.map((d) => `${d.at} TS${d.code}`).sort()).toEqual(expected);
  const mine = ours.find((d) => d.code === c.code && d.at === c.at);
  const message = byCode.get(c.code);
  expect(message).toBeDefined();
  if (!mine || !message) return;
  expect(mine.text).toMatch(templateOf(message));
  expect(mine.text).toContain(c.says);
  // Catalog wording: sentences ending with a period.
  expect(mine.text).toMatch(/\.$/);
  // Errors are errors and warnings are warnings, as the catalog says.
  const list = message.category === "warning" ? out.warnings : out.diagnostics;
  expect(list.some((d) => d.startsWith(`${c.file}:${c.at} - ${message.category} TS${c.code}:`))).toBe(true);
}

describe("every catalog entry: code, line:col of the offending node, and what to do", () => {
  for (const c of catalogCases) test(`TS${c.code} ${c.file.replace(/\.ts$/, "")}`, () => check(c));
});

test("every code in the catalog has a case (or is listed as superseded, with what replaced it)", () => {
  const covered = new Set(catalogCases.map((c) => c.code));
  const missing = Object.entries(Messages)
    .filter(([, m]) => !covered.has(m.code) && !(m.code in superseded) && !(m.code in reportedByTheCli))
    .filter(([, m]) => !(m.code in reportedAtNoFile))
    .map(([name, m]) => `${name} (${m.code})`);
  expect(missing).toEqual([]);
  // A superseded code really is unreachable from the cases: none of them reports it.
  const all = [...output().diagnostics, ...output().warnings].map(parse);
  expect(all.filter((d) => d && d.code in superseded)).toEqual([]);
});

test("codes are unique and in Cotangent's range; the catalog has at least 30 entries", () => {
  const codes = Object.values(Messages).map((m) => m.code);
  expect(new Set(codes).size).toBe(codes.length);
  expect(codes.every((c) => c >= 990001 && c <= 990999)).toBe(true);
  expect(codes.length).toBeGreaterThanOrEqual(30);
});

test("warnings do not count as errors: a program whose only finding is a warning compiles and runs", () => {
  const out = compile({
    "noisy.ts": `import { valueAndGrad } from "cotangent";
// @differentiate
export function f(a: number): number { return a * Math.random(); }
export const vg = valueAndGrad(f);`,
  });
  expect(out.diagnostics).toEqual([]);
  expect(out.warnings.map((w) => w.replace(/: .*/, ""))).toEqual(["noisy.ts:3:51 - warning TS990049"]);
  const [value, gradient] = out.load("noisy.ts").vg(2) as [number, number];
  // d(a·r)/da = r, and the value is a·r with the same r.
  expect(Math.abs(value - 2 * gradient)).toBeLessThan(1e-15);
});

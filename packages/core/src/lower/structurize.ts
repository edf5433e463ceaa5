/**
 * Removes jumps: `break`, `continue` and `return` become boolean flags and guards, so that later passes see only
 * structured code with one exit at the end of the body (the classic goto elimination; Tapenade reverses such
 * structured code without a control-flow graph).
 *
 * Two rewrites, the first preferred because it adds no flag:
 *   'if (c) { A; return } B'   →  'if (c) { A; return } else { B }'        (then the return is in tail position)
 *   'S; B' where S may jump    →  'S; if (!jumped) { B }'
 * A loop's test is strengthened with the flags that stop it ('!broken && test'); `continue` is a flag reset at the
 * top of each iteration. A return in tail position only assigns the result.
 *
 * Output loops have `update: []` and `doWhile: false`: the form `for (;;) { pre; if (!test) break; body }`.
 */
import { binary, bool, unary, v, type Expr } from "../ir/expr";
import type { LoopStmt, Stmt, VarType } from "../ir/stmt";
import type { Namer } from "../naming/namer";

interface StructurizeEnv {
  readonly namer: Namer;
  readonly locals: Map<string, VarType>;
  readonly result: string;
}

interface Structured {
  readonly stmts: Stmt[];
  /** Jumps that may leave this code: "return", "break:L", "continue:L". */
  readonly exits: ReadonlySet<string>;
  /** Control never falls through to the next statement. */
  readonly definite: boolean;
}

export function structurize(body: readonly Stmt[], env: StructurizeEnv): Stmt[] {
  const flags = new Map<string, string>();
  const flagOf = (exit: string): string => {
    let flag = flags.get(exit);
    if (!flag) {
      const [kind, label] = exit.split(":");
      flag = env.namer.unique(kind === "return" ? "returned" : `${label}_${kind === "break" ? "broken" : "continued"}`);
      env.locals.set(flag, "boolean");
      flags.set(exit, flag);
    }
    return flag;
  };
  const noneSet = (exits: Iterable<string>): Expr => {
    const names = [...exits].map(flagOf);
    const any = names.slice(1).reduce<Expr>((acc, n) => binary("||", acc, v(n)), v(names[0]));
    return unary("!", any);
  };

  const block = (stmts: readonly Stmt[], tail: boolean): Structured => {
    const absorbed = absorbRest(stmts);
    const out: Stmt[] = [];
    const exits = new Set<string>();
    for (let i = 0; i < absorbed.length; i++) {
      const rest = absorbed.slice(i + 1);
      const r = statement(absorbed[i], tail && rest.length === 0);
      out.push(...r.stmts);
      r.exits.forEach((e) => exits.add(e));
      if (r.definite) return { stmts: out, exits, definite: true };
      if (r.exits.size > 0 && rest.length > 0) {
        const guarded = block(rest, tail);
        out.push({ kind: "if", test: noneSet(r.exits), then: guarded.stmts, else: [] });
        guarded.exits.forEach((e) => exits.add(e));
        return { stmts: out, exits, definite: false };
      }
    }
    return { stmts: out, exits, definite: false };
  };

  const statement = (s: Stmt, tail: boolean): Structured => {
    switch (s.kind) {
      case "return":
        if (tail) return { stmts: [], exits: new Set(), definite: true };
        return jump(s, "return");
      case "break":
        return jump(s, `break:${s.label}`);
      case "continue":
        return jump(s, `continue:${s.label}`);
      case "if": {
        const then = block(s.then, tail);
        const otherwise = block(s.else, tail);
        return {
          stmts: [{ ...s, then: then.stmts, else: otherwise.stmts }],
          exits: new Set([...then.exits, ...otherwise.exits]),
          definite: then.definite && otherwise.definite,
        };
      }
      case "loop":
        return loop(s);
      default:
        return { stmts: [s], exits: new Set(), definite: false };
    }
  };

  const jump = (s: Stmt, exit: string): Structured => ({
    stmts: [{ kind: "assign", target: flagOf(exit), expr: bool(true), origin: s.origin }],
    exits: new Set([exit]),
    definite: true,
  });

  const loop = (s: LoopStmt): Structured => {
    const body = block(s.body, false);
    const breakExit = `break:${s.label}`;
    const continueExit = `continue:${s.label}`;
    const stopping = [...body.exits].filter((e) => e !== continueExit);
    const outward = new Set([...body.exits].filter((e) => e !== breakExit && e !== continueExit));
    const before: Stmt[] = body.exits.has(breakExit)
      ? [{ kind: "assign", target: flagOf(breakExit), expr: bool(false), origin: s.origin }]
      : [];
    const resetContinue: Stmt[] = body.exits.has(continueExit)
      ? [{ kind: "assign", target: flagOf(continueExit), expr: bool(false), origin: s.origin }]
      : [];
    const update: Stmt[] =
      stopping.length > 0 && s.update.length > 0
        ? [{ kind: "if", test: noneSet(stopping), then: s.update, else: [], origin: s.origin }]
        : s.update;
    let pre = s.pre;
    let test = s.test;
    if (stopping.length > 0) {
      if (pre.length === 0) {
        const always = s.test.kind === "bool" && s.test.value;
        test = always ? noneSet(stopping) : binary("&&", noneSet(stopping), s.test);
      } else {
        const c = env.namer.unique(`${s.label}_go`);
        env.locals.set(c, "boolean");
        pre = [
          { kind: "assign", target: c, expr: noneSet(stopping), origin: s.origin },
          {
            kind: "if",
            test: v(c),
            then: [...s.pre, { kind: "assign", target: c, expr: s.test, origin: s.origin }],
            else: [],
            origin: s.origin,
          },
        ];
        test = v(c);
      }
    }
    const structured: LoopStmt = s.doWhile
      ? { ...s, pre: [...resetContinue, ...body.stmts, ...pre], test, body: [], update: [], doWhile: false }
      : { ...s, pre, test, body: [...resetContinue, ...body.stmts, ...update], update: [], doWhile: false };
    return { stmts: [...before, structured], exits: outward, definite: false };
  };

  return block(body, true).stmts;
}

/**
 * `body` run once, as a loop whose last statement leaves it: the form of a block that `break label` may leave early
 * (a switch's cases falling through, a local function's early returns), which this pass then turns into flags.
 */
export function onePassLoop(label: string, body: readonly Stmt[], origin: Stmt["origin"]): LoopStmt {
  const once: Stmt[] = [...body, { kind: "break", label, origin }];
  return { kind: "loop", label, pre: [], test: bool(true), body: once, update: [], doWhile: false, origin };
}

/** 'if (c) { …jump } rest' → 'if (c) { …jump } else { rest }' (and the mirror case), which needs no flag. */
function absorbRest(stmts: readonly Stmt[]): readonly Stmt[] {
  for (let i = 0; i < stmts.length - 1; i++) {
    const s = stmts[i];
    if (s.kind !== "if") continue;
    const thenJumps = definitelyJumps(s.then);
    const elseJumps = definitelyJumps(s.else);
    const rest = stmts.slice(i + 1);
    if (thenJumps && elseJumps) return stmts.slice(0, i + 1);
    if (thenJumps) return [...stmts.slice(0, i), { ...s, else: [...s.else, ...absorbRest(rest)] }];
    if (elseJumps) return [...stmts.slice(0, i), { ...s, then: [...s.then, ...absorbRest(rest)] }];
  }
  return stmts;
}

function definitelyJumps(stmts: readonly Stmt[]): boolean {
  return stmts.some(
    (s) =>
      s.kind === "return" ||
      s.kind === "break" ||
      s.kind === "continue" ||
      (s.kind === "if" && definitelyJumps(s.then) && definitelyJumps(s.else)),
  );
}

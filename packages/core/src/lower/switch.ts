/**
 * `switch` statements. Most switches end every case with `break`, `return` or `continue`; they become an `if` /
 * `else if` chain on the value, which is computed once:
 *   'switch (k) { case 0: case 1: a(); break; case 2: return b(); default: c(); }'
 *     →  'choice = k; if (choice === 0 || choice === 1) { a() } else if (choice === 2) { return b() } else { c() }'
 * Cases sharing a body (empty cases before it) test with `||`; the default case goes last wherever it is written.
 *
 * Any other switch (a case that runs on into the next one, a `break` in the middle of a case, a default case that
 * lists values of its own in the middle) runs as JavaScript runs it: the index of the case it enters, then each
 * case's body from there on, inside a loop of one pass that `break` leaves (the structurize pass turns the breaks
 * into flags):
 *   'entry = 2; if (choice === 0) entry = 0; else if (choice === 1) entry = 1;
 *    loop { if (entry <= 0) { A } if (entry <= 1) { B; break } if (entry <= 2) { C } break }'
 */
import type * as TS from "typescript";
import { binary, num, v, type Expr } from "../ir/expr";
import type { Stmt } from "../ir/stmt";
import { collectStmts, emitAssign, freshTemp, type LowerContext } from "./context";
import { onePassLoop } from "./structurize";
import { lowerStatements } from "./statements";
import { lowerAtom } from "./expressions";

interface CaseGroup {
  /** The values that select this body (none for the default case alone). */
  readonly values: readonly TS.Expression[];
  readonly isDefault: boolean;
  readonly body: readonly TS.Statement[];
}

export function lowerSwitch(ctx: LowerContext, node: TS.SwitchStatement, sourceLabel: string | undefined): void {
  const groups = caseGroups(ctx, node);
  const simple = groups.every((group, k) => isSimpleCase(ctx, group, k === groups.length - 1, sourceLabel));
  const ordered = simple ? defaultLast(groups) : undefined;
  if (!ordered) {
    lowerFallingThrough(ctx, node, sourceLabel);
    return;
  }
  const choice = lowerAtom(ctx, node.expression, "choice");
  const origin = ctx.origin;
  // A 'break' that ends a case leaves nothing to do: the chain ends there. 'continue' goes to the enclosing loop.
  ctx.loops.push({ label: ctx.namer.unique(sourceLabel ?? "switch"), sourceLabel, switch: "chain" });
  try {
    const chain = (k: number): Stmt[] => {
      if (k === ordered.length) return [];
      const group = ordered[k];
      const body = collectStmts(ctx, () => lowerStatements(ctx, group.body));
      if (group.isDefault) return body;
      let test: Expr | undefined;
      const pre = collectStmts(ctx, () => {
        for (const value of group.values) {
          const match = binary("===", choice, lowerAtom(ctx, value, "case"));
          test = test ? binary("||", test, match) : match;
        }
      });
      return [...pre, { kind: "if", test: test as Expr, then: body, else: chain(k + 1), origin }];
    };
    ctx.out.push(...chain(0));
  } finally {
    ctx.loops.pop();
  }
}

/** The general form: the entered case's index, then every body from there on in a loop of one pass. */
function lowerFallingThrough(ctx: LowerContext, node: TS.SwitchStatement, sourceLabel: string | undefined): void {
  const { ts } = ctx;
  const clauses = node.caseBlock.clauses;
  const choice = lowerAtom(ctx, node.expression, "choice");
  const origin = ctx.origin;
  const entry = freshTemp(ctx, "entry", "entry", "number");
  const fallback = clauses.findIndex((c) => ts.isDefaultClause(c));
  emitAssign(ctx, entry, num(fallback < 0 ? clauses.length : fallback));
  // Values are tested in source order, the first match wins, as JavaScript does.
  const cases = clauses.flatMap((c, k) => (ts.isCaseClause(c) ? [{ value: c.expression, k }] : []));
  const select = (i: number): Stmt[] => {
    if (i === cases.length) return [];
    let test: Expr = num(0);
    const pre = collectStmts(ctx, () => {
      test = binary("===", choice, lowerAtom(ctx, cases[i].value, "case"));
    });
    const chosen: Stmt = { kind: "assign", target: entry, expr: num(cases[i].k), origin };
    return [...pre, { kind: "if", test, then: [chosen], else: select(i + 1), origin }];
  };
  ctx.out.push(...select(0));
  const label = ctx.namer.unique(sourceLabel ?? "switch");
  ctx.loops.push({ label, sourceLabel, switch: "loop" });
  try {
    const bodies = clauses.flatMap((clause, k): Stmt[] => {
      if (clause.statements.length === 0) return [];
      const body = collectStmts(ctx, () => lowerStatements(ctx, clause.statements));
      return [{ kind: "if", test: binary("<=", v(entry), num(k)), then: body, else: [], origin }];
    });
    ctx.out.push(onePassLoop(label, bodies, origin));
  } finally {
    ctx.loops.pop();
  }
}

/** Clauses grouped with the empty ones before them: 'case 1: case 2: body' is one group of two values. */
function caseGroups(ctx: LowerContext, node: TS.SwitchStatement): CaseGroup[] {
  const { ts } = ctx;
  const groups: CaseGroup[] = [];
  let values: TS.Expression[] = [];
  let isDefault = false;
  for (const clause of node.caseBlock.clauses) {
    if (ts.isCaseClause(clause)) values.push(clause.expression);
    else isDefault = true;
    if (clause.statements.length === 0) continue;
    groups.push({ values, isDefault, body: clause.statements });
    values = [];
    isDefault = false;
  }
  // Trailing empty cases select nothing to run; a trailing empty default runs nothing either.
  if (values.length > 0 || isDefault) groups.push({ values, isDefault, body: [] });
  return groups;
}

/** The groups with the default one moved last, when that changes nothing (it lists no values of its own). */
function defaultLast(groups: readonly CaseGroup[]): CaseGroup[] | undefined {
  const at = groups.findIndex((g) => g.isDefault);
  if (at < 0 || at === groups.length - 1) return [...groups];
  if (groups[at].values.length > 0) return undefined;
  return [...groups.slice(0, at), ...groups.slice(at + 1), groups[at]];
}

/**
 * A group that does not fall into the next one (the last may run to its end) and leaves the switch only by a
 * `break` at its end.
 */
function isSimpleCase(ctx: LowerContext, group: CaseGroup, last: boolean, label: string | undefined): boolean {
  return breaksOnlyAtEnd(ctx, group.body, true, label) && (last || !completesNormally(ctx, group.body));
}

/** Whether every `break` out of the switch in `statements` ends them (`atEnd`: nothing runs after them). */
function breaksOnlyAtEnd(
  ctx: LowerContext,
  statements: readonly TS.Statement[],
  atEnd: boolean,
  label: string | undefined,
): boolean {
  const { ts } = ctx;
  return statements.every((s, k) => {
    const end = atEnd && k === statements.length - 1;
    if (ts.isBreakStatement(s)) return !leavesSwitch(s, label, false) || end;
    if (ts.isBlock(s)) return breaksOnlyAtEnd(ctx, s.statements, end, label);
    if (ts.isIfStatement(s)) {
      return [s.thenStatement, s.elseStatement].every((b) => !b || breaksOnlyAtEnd(ctx, [b], end, label));
    }
    if (ts.isLabeledStatement(s)) return breaksOnlyAtEnd(ctx, [s.statement], end, label);
    // Inside a nested loop or switch an unlabeled break is theirs; a labeled one may still leave this switch.
    return !label || !containsBreakTo(ctx, s, label);
  });
}

const leavesSwitch = (s: TS.BreakStatement, label: string | undefined, nested: boolean): boolean =>
  s.label ? s.label.text === label : !nested;

function containsBreakTo(ctx: LowerContext, node: TS.Node, label: string): boolean {
  const { ts } = ctx;
  if (ts.isBreakStatement(node)) return leavesSwitch(node, label, true);
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => containsBreakTo(ctx, child, label) || undefined) ?? false;
}

/** Whether running `statements` can reach their end (and so fall into the next case). */
function completesNormally(ctx: LowerContext, statements: readonly TS.Statement[]): boolean {
  const { ts } = ctx;
  const last = statements[statements.length - 1];
  if (!last) return true;
  if (ts.isReturnStatement(last) || ts.isBreakStatement(last) || ts.isContinueStatement(last)) return false;
  if (ts.isThrowStatement(last)) return false;
  if (ts.isBlock(last)) return completesNormally(ctx, last.statements);
  if (ts.isIfStatement(last)) {
    return (
      !last.elseStatement ||
      completesNormally(ctx, [last.thenStatement]) ||
      completesNormally(ctx, [last.elseStatement])
    );
  }
  return true;
}

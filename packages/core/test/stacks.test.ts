/**
 * Stacks in locals (src/reverse/stacks.ts) at the IR level: the depth is handed back to the stack object right before
 * the final return, so a body that could return elsewhere, or pop in its return, keeps the method calls. Generated
 * sweeps end in one plain return today; these pin what happens if they ever do not.
 */
import { call, v } from "../src/ir/expr";
import type { Stmt } from "../src/ir/stmt";
import { keepStackInLocals } from "../src/reverse/stacks";

const use = {
  stack: { alias: "tape", top: "tape_top", data: "tape_data", dataType: "Float64Array" as const },
  mayUseStack: (callee: string) => callee.startsWith("g"),
};
const push: Stmt = { kind: "effect", expr: call("tape.push", [v("a")]) };
const pop: Stmt = { kind: "assign", target: "a", expr: call("tape.pop", []) };
const returning = (...values: Parameters<typeof call>[]): Stmt => ({
  kind: "return",
  values: values.map(([callee, args]) => call(callee, args)),
});

test("a final return that calls a function which may use the stack runs after the depth is handed back", () => {
  const body = keepStackInLocals([push, pop, returning(["g", [v("a")]])], use);
  expect(body).toBeDefined();
  // Pushes and pops stay calls in the IR; the emitter writes them on the locals (`tape_data[tape_top++] = a`).
  const calls = body!.flatMap((s) => (s.kind === "effect" && s.expr.kind === "call" ? [s.expr.callee] : []));
  expect(calls).toEqual(["tape.push", "tape.setTop"]);
  expect(body![body!.length - 2]).toEqual({ kind: "effect", expr: call("tape.setTop", [v("tape_top")]) });
  expect(body![body!.length - 1].kind).toBe("return");
});

test("a return before the end, or a pop in the final return, keeps the stack's methods", () => {
  const early: Stmt = { kind: "if", test: v("c"), then: [{ kind: "return", values: [v("a")] }], else: [] };
  expect(keepStackInLocals([push, early, pop, { kind: "return", values: [v("a")] }], use)).toBeUndefined();
  expect(keepStackInLocals([push, returning(["tape.pop", []])], use)).toBeUndefined();
});

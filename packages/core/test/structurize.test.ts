import { binary, bool, num, v } from "../src/ir/expr";
import type { Stmt, VarType } from "../src/ir/stmt";
import { Namer } from "../src/naming/namer";
import { structurize } from "../src/lower/structurize";

const env = () => ({ namer: new Namer(["x", "s", "result"]), locals: new Map<string, VarType>(), result: "result" });
const assign = (target: string, value: number): Stmt => ({ kind: "assign", target, expr: num(value) });
const ret = (value: number): Stmt[] => [assign("result", value), { kind: "return", values: [] }];

test("'if (c) return a; return b' needs no flag: the rest moves into the else branch", () => {
  const e = env();
  const out = structurize([{ kind: "if", test: v("c"), then: ret(1), else: [] }, ...ret(2)], e);
  expect(out).toEqual([{ kind: "if", test: v("c"), then: [assign("result", 1)], else: [assign("result", 2)] }]);
  expect(e.locals.size).toBe(0);
});

test("a break becomes a flag that strengthens the loop test and is reset before the loop", () => {
  const e = env();
  const loop: Stmt = {
    kind: "loop",
    label: "loop1",
    pre: [],
    test: binary("<", v("s"), num(10)),
    body: [{ kind: "if", test: v("c"), then: [{ kind: "break", label: "loop1" }], else: [] }, assign("s", 1)],
    update: [],
    doWhile: false,
  };
  const out = structurize([loop], e);
  expect(e.locals.get("loop1_broken")).toBe("boolean");
  expect(out[0]).toEqual({ kind: "assign", target: "loop1_broken", expr: bool(false), origin: undefined });
  const structured = out[1] as Extract<Stmt, { kind: "loop" }>;
  expect(structured.test).toEqual(
    binary("&&", { kind: "unary", op: "!", arg: v("loop1_broken") }, binary("<", v("s"), num(10))),
  );
  // The statement after the break sits in the else branch, not behind a guard.
  expect(structured.body).toEqual([
    {
      kind: "if",
      test: v("c"),
      then: [{ kind: "assign", target: "loop1_broken", expr: bool(true), origin: undefined }],
      else: [assign("s", 1)],
    },
  ]);
});

test("a return inside a loop sets 'returned' and guards the code after the loop", () => {
  const e = env();
  const loop: Stmt = {
    kind: "loop",
    label: "loop1",
    pre: [],
    test: bool(true),
    body: [{ kind: "if", test: v("c"), then: ret(1), else: [] }],
    update: [],
    doWhile: false,
  };
  const out = structurize([loop, ...ret(2)], e);
  expect(e.locals.get("returned")).toBe("boolean");
  expect(out[1]).toEqual({
    kind: "if",
    test: { kind: "unary", op: "!", arg: v("returned") },
    then: [assign("result", 2)],
    else: [],
  });
});

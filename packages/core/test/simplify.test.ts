import { binary, call, cond, num, unary, v, bool } from "../src/ir/expr";
import { simplify } from "../src/simplify/fold";

const x = v("x");
const y = v("y");

test.each([
  ["x * 0 → 0", binary("*", x, num(0)), num(0)],
  ["1 * x → x", binary("*", num(1), x), x],
  ["x + 0 → x", binary("+", x, num(0)), x],
  ["0 - x → -x", binary("-", num(0), x), unary("-", x)],
  ["x + -y → x - y", binary("+", x, unary("-", y)), binary("-", x, y)],
  ["-(-x) → x", unary("-", unary("-", x)), x],
  ["(1 / x) * y → y / x", binary("*", binary("/", num(1), x), y), binary("/", y, x)],
  ["x + x → 2 * x", binary("+", x, x), binary("*", num(2), x)],
  [
    "2 * Math.pow(x, 2 - 1) → 2 * x",
    binary("*", num(2), call("Math.pow", [x, binary("-", num(2), num(1))])),
    binary("*", num(2), x),
  ],
  ["(2 === 0 ? 0 : y) → y", cond(binary("===", num(2), num(0)), num(0), y), y],
  ["!true → false", unary("!", bool(true)), bool(false)],
])("%s", (_name, input, expected) => {
  expect(simplify(input)).toEqual(expected);
});

test("non-finite constants are not folded into literals", () => {
  expect(simplify(binary("/", num(1), num(0)))).toEqual(binary("/", num(1), num(0)));
});

import { raise } from "../src";

test("raise throws the error class it names, with its parts joined as a template literal joins them", () => {
  const n = -0.5;
  const thrown = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    return undefined;
  };
  const range = thrown(() => raise("RangeError", "n = ", n, ", ok: ", false, ", mode ", "sum"));
  expect(range).toBeInstanceOf(RangeError);
  expect((range as Error).message).toBe(`n = ${n}, ok: ${false}, mode sum`);
  expect(thrown(() => raise("TypeError", "x"))).toEqual(new TypeError("x"));
  const plain = thrown(() => raise("Error"));
  expect(plain).toBeInstanceOf(Error);
  expect(plain).not.toBeInstanceOf(RangeError);
  expect((plain as Error).message).toBe("");
  expect((thrown(() => raise("Error", 1e21, " ", -0, " ", NaN)) as Error).message).toBe(`${1e21} ${-0} ${NaN}`);
});

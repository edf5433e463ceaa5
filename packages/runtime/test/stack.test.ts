import { ArrayStack, Float64Stack, Int32Stack, arrays, control, peakTapeBytes, tape, tapeBytes, unwind } from "../src";

test("Float64Stack is LIFO, grows past its capacity and keeps values exact", () => {
  const s = new Float64Stack(2);
  const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e10 + 1 / (i + 1));
  values.forEach((v) => s.push(v));
  expect(s.top).toBe(1000);
  expect(s.data.length).toBeGreaterThanOrEqual(1000);
  expect(s.bytes).toBe(8000);
  for (let i = values.length - 1; i >= 0; i--) expect(s.pop()).toBe(values[i]);
  expect(s.top).toBe(0);
});

test("reserve returns an array with room above a depth kept outside the stack, grown with the values below it", () => {
  const s = new Float64Stack(4);
  // Generated code's pattern: depth in a local, one reserve per stretch, unchecked writes, the depth handed back.
  let top = s.top;
  let data = s.reserve(top, 3);
  expect(data).toBe(s.data);
  data[top++] = 1;
  data[top++] = 2;
  data[top++] = 3;
  data = s.reserve(top, 10);
  expect(data).toBe(s.data);
  expect(data.length).toBeGreaterThanOrEqual(13);
  expect(Array.from(data.subarray(0, 3))).toEqual([1, 2, 3]);
  for (let i = 0; i < 10; i++) data[top++] = 4 + i;
  s.setTop(top);
  expect(s.bytes).toBe(13 * 8);
  expect(Array.from({ length: 13 }, () => s.pop())).toEqual(Array.from({ length: 13 }, (_, i) => 13 - i));
});

test("Int32Stack records decisions and counts", () => {
  const s = new Int32Stack(1);
  [1, 0, 7, 123456].forEach((v) => s.push(v));
  expect([s.pop(), s.pop(), s.pop(), s.pop()]).toEqual([123456, 7, 0, 1]);
});

test("the shared tapes start empty and report their bytes", () => {
  expect(tapeBytes()).toBe(0);
  tape.push(1.5);
  control.push(3);
  expect(tapeBytes()).toBe(12);
  expect(control.pop()).toBe(3);
  expect(tape.pop()).toBe(1.5);
  expect(tapeBytes()).toBe(0);
});

/** Pushes `values` numbers and `decisions` integers, then pops them all, as a reverse-mode call does. */
function pushAndPop(values: number, decisions: number): void {
  for (let i = 0; i < values; i++) tape.push(i === 3 ? 0 : i);
  for (let i = 0; i < decisions; i++) control.push(i);
  for (let i = 0; i < values; i++) tape.pop();
  for (let i = 0; i < decisions; i++) control.pop();
}

test("peak tape: 8 bytes per value and 4 per control entry, measured after the stacks are empty again", () => {
  expect(peakTapeBytes(() => pushAndPop(0, 0))).toBe(0);
  expect(peakTapeBytes(() => pushAndPop(5, 2))).toBe(5 * 8 + 2 * 4);
});

test("peak tape: a call that grows the stacks beyond their capacity is measured in full", () => {
  const values = tape.data.length * 3 + 7;
  expect(peakTapeBytes(() => pushAndPop(values, 1))).toBe(values * 8 + 4);
});

test("ArrayStack gives back the very arrays pushed, last first, counts their elements and lets go of them", () => {
  const s = new ArrayStack();
  const a = new Float64Array([1, 2, 3]);
  const b = [4.5, 5.5];
  s.push(undefined);
  s.push(a);
  s.push(b);
  expect(s.top).toBe(3);
  expect(s.bytes).toBe(5 * 8);
  expect(s.pop()).toBe(b);
  expect(s.data[2]).toBeUndefined();
  expect(s.pop<Float64Array>()).toBe(a);
  expect(s.pop()).toBeUndefined();
  expect([s.top, s.bytes]).toEqual([0, 0]);
});

test("unwind sets every stack back to the depths given, letting go of the arrays set aside above them", () => {
  tape.push(1);
  control.push(2);
  arrays.push([1, 2]);
  const depths = [tape.top, control.top, arrays.top] as const;
  // What an interrupted forward sweep leaves: records above the depths its function found on entry.
  for (let i = 0; i < 5; i++) tape.push(i);
  control.push(7);
  const held = new Float64Array(4);
  arrays.push(held);
  arrays.push(undefined);
  unwind(...depths);
  expect([tape.top, control.top, arrays.top]).toEqual(depths);
  expect(arrays.bytes).toBe(2 * 8);
  expect(arrays.data.includes(held)).toBe(false);
  unwind(0, 0, 0);
  expect(tapeBytes()).toBe(0);
});

test("peak tape: arrays set aside count by their elements, 8 bytes each, at the deepest point", () => {
  const run = () => {
    arrays.push(new Float64Array(10));
    arrays.push([1, 2, 3]);
    tape.push(0.5);
    expect(tapeBytes()).toBe(13 * 8 + 8);
    arrays.pop();
    arrays.push([1]);
    arrays.pop();
    arrays.pop();
    tape.pop();
  };
  expect(peakTapeBytes(run)).toBe(13 * 8 + 8);
  expect(tapeBytes()).toBe(0);
});

test("pushArray keeps a copy of an array, popArray gives it back as a new array of the kind asked for", () => {
  const s = new Float64Stack(2);
  const q = [0.5, -1.25, 3];
  const w = Float64Array.from([7, 8]);
  s.push(42);
  s.pushArray(q);
  s.pushArray(w);
  s.pushArray(new Float32Array(0));
  q[0] = 99;
  w[1] = 99;
  expect(s.top).toBe(1 + 4 + 3 + 1);
  expect(s.popArray("Float32Array")).toEqual(new Float32Array(0));
  const w2 = s.popArray("Float64Array");
  expect(w2).toBeInstanceOf(Float64Array);
  expect(Array.from(w2)).toEqual([7, 8]);
  const q2 = s.popArray("Array");
  expect(Array.isArray(q2)).toBe(true);
  expect(q2).toEqual([0.5, -1.25, 3]);
  expect(s.pop()).toBe(42);
  expect(s.top).toBe(0);
});

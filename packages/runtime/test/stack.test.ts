import { Float64Stack, Int32Stack, control, resetTapePeak, tape, tapeBytes, tapePeakBytes } from "../src";

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

test("the peak records the deepest tape a reverse sweep needed, until reset", () => {
  resetTapePeak();
  for (let i = 0; i < 5; i++) tape.push(i);
  control.push(5);
  expect(control.pop()).toBe(5);
  for (let i = 4; i >= 0; i--) expect(tape.pop()).toBe(i);
  tape.push(9);
  expect(tape.pop()).toBe(9);
  expect(tapePeakBytes()).toBe(5 * 8 + 4);
  resetTapePeak();
  expect(tapePeakBytes()).toBe(0);
});

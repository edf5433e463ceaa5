import { recordsOf } from "../src";

test("recordsOf: one object per element, fields at their paths, nested, optional ones where the element has them", () => {
  const records = [
    { t: 1, pos: { x: 2, y: 3 }, label: "a", note: 4 },
    { t: 5, pos: { x: 6, y: 7 }, label: "b" },
  ];
  const fields = [["t"], ["pos", "x"], ["pos", "y"], ["note"]];
  const flat = Float64Array.from([0.1, 0.2, 0.3, 0.4, 1.1, 1.2, 1.3, 1.4]);
  expect(recordsOf(flat, records, fields, [false, false, false, true])).toEqual([
    { t: 0.1, pos: { x: 0.2, y: 0.3 }, note: 0.4 },
    { t: 1.1, pos: { x: 1.2, y: 1.3 } },
  ]);
  expect(recordsOf(new Float64Array(0), [], fields, [false, false, false, true])).toEqual([]);
});

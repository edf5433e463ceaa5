/**
 * The wrappers' side of functions that return an object of numbers (lower/resultRecords.ts): the generated functions
 * return and take the object's numbers as one array, and the markers give and take objects of the function's shape.
 *   jvp     '(([value, tangent]) => [{ a: value[0], b: value[1] }, { a: tangent[0], b: tangent[1] }])(f_jvp(…))'
 *   vjp     the pullback '(cotangent: { a: number; b: number }) => … f_vjp(…, __ct.recordNumbers(cotangent, …))'
 *   jacfwd, jacrev  '((jacobian) => ({ a: jacobian[0], b: jacobian[1] }))(…)': the Jacobian's rows by field.
 */
import type * as TS from "typescript";
import type { ResultRecord } from "../ir/stmt";
import { arrow, fieldName, runtimeCall } from "./syntax";

/** An object (or array, for a tuple) of the record's shape whose leaf at position i is `leaf(i)`. */
export function recordLiteral(ts: typeof TS, record: ResultRecord, leaf: (i: number) => TS.Expression): TS.Expression {
  const f = ts.factory;
  const valueOf = (value: number | ResultRecord) =>
    typeof value === "number" ? leaf(value) : recordLiteral(ts, value, leaf);
  if (record.tuple) return f.createArrayLiteralExpression(record.fields.map((field) => valueOf(field.value)));
  return f.createObjectLiteralExpression(
    record.fields.map((field) => f.createPropertyAssignment(fieldName(ts, field.key), valueOf(field.value))),
  );
}

/** The record's type: '{ a: number; b: [number, number] }'. */
export function recordType(ts: typeof TS, record: ResultRecord): TS.TypeNode {
  const f = ts.factory;
  const typeOf = (value: number | ResultRecord) =>
    typeof value === "number" ? f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword) : recordType(ts, value);
  if (record.tuple) return f.createTupleTypeNode(record.fields.map((field) => typeOf(field.value)));
  return f.createTypeLiteralNode(
    record.fields.map((field) =>
      f.createPropertySignature(undefined, fieldName(ts, field.key), undefined, typeOf(field.value)),
    ),
  );
}

/**
 * The numbers of `value`, an object of the record's shape, as the generated functions take them, its shape checked
 * by the runtime: '__ct.recordNumbers(c, { a: 0, b: [1, 2] }, "the cotangent")', each leaf its position.
 */
export function recordNumbers(ts: typeof TS, record: ResultRecord, value: TS.Expression): TS.Expression {
  const layout = recordLiteral(ts, record, (i) => ts.factory.createNumericLiteral(i));
  return runtimeCall(ts, "recordNumbers", [value, layout, ts.factory.createStringLiteral("the cotangent")]);
}

/** '((name) => body(name))(value)': `value` held under a name while `body` reads it more than once. */
export function holding(
  ts: typeof TS,
  name: string,
  value: TS.Expression,
  body: (held: () => TS.Identifier) => TS.Expression,
): TS.Expression {
  const f = ts.factory;
  const parameter = f.createParameterDeclaration(undefined, undefined, name);
  const held = () => f.createIdentifier(name);
  const fn = arrow(ts, [parameter], body(held));
  return f.createCallExpression(f.createParenthesizedExpression(fn), undefined, [value]);
}

/** A jvp's '[value, tangent]', each an array of the record's numbers, as two objects of its shape. */
export function recordPair(ts: typeof TS, record: ResultRecord, pair: TS.Expression): TS.Expression {
  const f = ts.factory;
  const names = ["value", "tangent"];
  const parameter = f.createParameterDeclaration(
    undefined,
    undefined,
    f.createArrayBindingPattern(names.map((n) => f.createBindingElement(undefined, undefined, n))),
  );
  const body = f.createArrayLiteralExpression(
    names.map((n) => recordLiteral(ts, record, (i) => f.createElementAccessExpression(f.createIdentifier(n), i))),
  );
  const fn = arrow(ts, [parameter], body);
  return f.createCallExpression(f.createParenthesizedExpression(fn), undefined, [pair]);
}

/**
 * The wrappers' side of functions that return an object of numbers (lower/resultRecords.ts): the generated functions
 * return and take the object's numbers as one array, and the markers give and take objects of the function's shape,
 * built and read by the runtime from the record's layout ('{ mean: 0, w: "Float64Array@1", ends: [2, 3] }': each
 * number's position, and where each array's length is):
 *   jvp     '(([value, tangent]) => [__ct.recordOf(L, value, value), __ct.recordOf(L, tangent, value)])(f_jvp(…))'
 *   vjp     the pullback '(cotangent: { mean: number; … }) => … f_vjp(…, __ct.recordNumbers(cotangent, L, …))'
 *   jacfwd, jacrev  '__ct.jacobianRecord(L, J, lengths)': the Jacobian's rows by field.
 */
import type * as TS from "typescript";
import { isRecordLeaf, recordLeaves, type RecordLeaf, type ResultRecord } from "../ir/stmt";
import { typeNode } from "../emit/statements";
import { arrow, fieldName, runtimeCall } from "./syntax";

/** Whether the record has array fields, whose lengths only the run time knows. */
export const holdsArrays = (record: ResultRecord): boolean => recordLeaves(record).some((leaf) => leaf.array);

/** The record's layout as a literal: each number's position, "kind@position" for an array field's length. */
export function layoutLiteral(ts: typeof TS, record: ResultRecord): TS.Expression {
  const f = ts.factory;
  const valueOf = (value: RecordLeaf | ResultRecord): TS.Expression => {
    if (!isRecordLeaf(value)) return layoutLiteral(ts, value);
    return value.array ? f.createStringLiteral(`${value.array}@${value.at}`) : f.createNumericLiteral(value.at);
  };
  if (record.tuple) return f.createArrayLiteralExpression(record.fields.map((field) => valueOf(field.value)));
  return f.createObjectLiteralExpression(
    record.fields.map((field) => f.createPropertyAssignment(fieldName(ts, field.key), valueOf(field.value))),
  );
}

/** The record's type: '{ a: number; b: [number, number]; w: Float64Array }'. */
export function recordType(ts: typeof TS, record: ResultRecord): TS.TypeNode {
  const f = ts.factory;
  const typeOf = (value: RecordLeaf | ResultRecord) => {
    if (!isRecordLeaf(value)) return recordType(ts, value);
    return value.array ? typeNode(ts, value.array) : f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
  };
  if (record.tuple) return f.createTupleTypeNode(record.fields.map((field) => typeOf(field.value)));
  return f.createTypeLiteralNode(
    record.fields.map((field) =>
      f.createPropertySignature(undefined, fieldName(ts, field.key), undefined, typeOf(field.value)),
    ),
  );
}

/**
 * The numbers of `value`, an object of the record's shape, as the generated functions take them, its shape checked
 * by the runtime; `like`, the function's value, gives the lengths its arrays must have.
 */
export function recordNumbers(
  ts: typeof TS,
  record: ResultRecord,
  value: TS.Expression,
  what: string,
  like?: TS.Expression,
): TS.Expression {
  const args = [value, layoutLiteral(ts, record), ts.factory.createStringLiteral(what)];
  return runtimeCall(ts, "recordNumbers", like ? [...args, like] : args);
}

/** A jvp's '[value, tangent]', each the record's numbers, as two objects of its shape. */
export function recordPair(ts: typeof TS, record: ResultRecord, pair: TS.Expression): TS.Expression {
  const f = ts.factory;
  const [value, tangent] = ["value", "tangent"].map((n) => f.createIdentifier(n));
  const parameter = f.createParameterDeclaration(
    undefined,
    undefined,
    f.createArrayBindingPattern(["value", "tangent"].map((n) => f.createBindingElement(undefined, undefined, n))),
  );
  const objectOf = (numbers: TS.Identifier) =>
    runtimeCall(ts, "recordOf", [layoutLiteral(ts, record), numbers, ...(holdsArrays(record) ? [value] : [])]);
  const fn = arrow(ts, [parameter], f.createArrayLiteralExpression([objectOf(value), objectOf(tangent)]));
  return f.createCallExpression(f.createParenthesizedExpression(fn), undefined, [pair]);
}

/**
 * A Jacobian (or, with `several`, a tuple of them, one per parameter) by the result's fields: the output tree outside,
 * as JAX nests it. `lengths`: the function's numbers, which give the arrays' lengths, for a record that holds arrays.
 */
export function jacobianRecord(
  ts: typeof TS,
  record: ResultRecord,
  jacobian: TS.Expression,
  several: boolean,
  lengths?: TS.Expression,
): TS.Expression {
  const f = ts.factory;
  const tail = several ? [lengths ?? f.createIdentifier("undefined"), f.createTrue()] : lengths ? [lengths] : [];
  return runtimeCall(ts, "jacobianRecord", [layoutLiteral(ts, record), jacobian, ...tail]);
}

/** '((name) => body(name))(value)': `value` computed where the call is, and held while `body` reads it. */
export function holding(
  ts: typeof TS,
  name: string,
  value: TS.Expression,
  body: (held: () => TS.Identifier) => TS.Expression,
): TS.Expression {
  const f = ts.factory;
  const parameter = f.createParameterDeclaration(undefined, undefined, name);
  const fn = arrow(
    ts,
    [parameter],
    body(() => f.createIdentifier(name)),
  );
  return f.createCallExpression(f.createParenthesizedExpression(fn), undefined, [value]);
}

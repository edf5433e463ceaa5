/** Small TypeScript syntax builders the marker wrappers share. */
import type * as TS from "typescript";
import { emitPath } from "../emit/expressions";
import { RUNTIME_ALIAS } from "../program/files";

export const arrow = (ts: typeof TS, params: TS.ParameterDeclaration[], body: TS.ConciseBody): TS.ArrowFunction =>
  ts.factory.createArrowFunction(
    undefined,
    undefined,
    params,
    undefined,
    ts.factory.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    body,
  );

export function param(
  ts: typeof TS,
  name: string,
  type: TS.TypeNode,
  initializer?: TS.Expression,
  optional = false,
): TS.ParameterDeclaration {
  const question = optional ? ts.factory.createToken(ts.SyntaxKind.QuestionToken) : undefined;
  return ts.factory.createParameterDeclaration(undefined, undefined, name, question, type, initializer);
}

export function constDecl(ts: typeof TS, name: string, init: TS.Expression): TS.VariableStatement {
  const f = ts.factory;
  return f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList(
      [f.createVariableDeclaration(name, undefined, undefined, init)],
      ts.NodeFlags.Const,
    ),
  );
}

/** `e.slice()`: a copy of an array. */
export function copyOf(ts: typeof TS, e: TS.Expression): TS.Expression {
  return ts.factory.createCallExpression(ts.factory.createPropertyAccessExpression(e, "slice"), undefined, []);
}

export function uniqueLocal(taken: readonly string[], base: string): string {
  let name = base;
  for (let k = 1; taken.includes(name); k++) name = `${base}_${k}`;
  return name;
}

/** A call of one of the runtime's helpers: `__ct.name(args…)`. */
export function runtimeCall(ts: typeof TS, name: string, args: readonly TS.Expression[]): TS.CallExpression {
  return ts.factory.createCallExpression(emitPath(ts, `${RUNTIME_ALIAS}.${name}`), undefined, args);
}

/** Whether a field's key can follow a dot ('p.w'); any other ('a-b', '0') is written in brackets or quotes. */
const isPlainKey = (key: string): boolean => /^[A-Za-z_$][\w$]*$/.test(key);

/** 'e.key', or 'e["a-b"]' for a key that is no identifier; 'e?.key' for an options object a call may leave out. */
export function fieldAccess(ts: typeof TS, e: TS.Expression, key: string, optional = false): TS.Expression {
  const f = ts.factory;
  const name = isPlainKey(key) ? key : f.createStringLiteral(key);
  if (!optional) {
    return typeof name === "string"
      ? f.createPropertyAccessExpression(e, name)
      : f.createElementAccessExpression(e, name);
  }
  const chain = f.createToken(ts.SyntaxKind.QuestionDotToken);
  return typeof name === "string"
    ? f.createPropertyAccessChain(e, chain, name)
    : f.createElementAccessChain(e, chain, name);
}

/** A key as an object literal writes it: 'key', or '"a-b"'. */
export function fieldName(ts: typeof TS, key: string): string | TS.StringLiteral {
  return isPlainKey(key) ? key : ts.factory.createStringLiteral(key);
}

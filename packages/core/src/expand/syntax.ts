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

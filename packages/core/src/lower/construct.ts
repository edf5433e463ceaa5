/**
 * 'const layer = new Layer(w, b)' in a differentiated function: an object of the class, built field by field as its
 * constructor builds it, then flattened like any local object (one variable per number field; array fields name the
 * arrays they were given). Its methods and getters are then inlined on it (lower/methods.ts).
 *   parameter properties ('constructor(public w: Float64Array)') first, then field initializers ('size = 1'), then
 *   the constructor's body with 'this' standing for the new object's fields
 * A class that extends another, a field initializer that reads 'this' (whose order against the parameter properties
 * depends on the compiler's settings) and a constructor that returns early are refused.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import { resolvedSymbol } from "../collect/resolve";
import { isArrayType } from "../ir/stmt";
import { v, type ArrayType } from "../ir/expr";
import { declareLocal, emitAssign, objectFieldsOf, originOf, type LowerContext, type ObjectBinding } from "./context";
import { fieldArray, lowerArrayInit } from "./arrayMethods";
import { lowerInto } from "./expressions";
import { bindParameters, containsReturn, inCalleeModule, inlinableCall, parameterSymbol } from "./localFunctions";
import { lowerStatements } from "./statements";

/** The object `node` constructs, as the fields of a new local named after `prefix`; undefined after a diagnostic. */
export function lowerConstruction(
  ctx: LowerContext,
  prefix: string,
  node: TS.NewExpression,
): ObjectBinding | undefined {
  const { ts } = ctx;
  const symbol = resolvedSymbol(ts, ctx.checker, node.expression);
  const declaration = symbol?.declarations?.find((d): d is TS.ClassDeclaration => ts.isClassDeclaration(d));
  const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(node));
  if (!declaration || !fields || declaration.getSourceFile().isDeclarationFile) return undefined;
  const name = declaration.name?.text ?? "class";
  const refuse = (): undefined => {
    ctx.sink.report(node, Messages.UnsupportedConstruction, [name]);
    return undefined;
  };
  const constructor = declaration.members.find(
    (m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body,
  );
  const initialized = declaration.members.filter(
    (m): m is TS.PropertyDeclaration =>
      ts.isPropertyDeclaration(m) && !!m.initializer && !(ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static),
  );
  const readsThis = (n: TS.Node): boolean =>
    n.kind === ts.SyntaxKind.ThisKeyword || (ts.forEachChild(n, (c) => readsThis(c) || undefined) ?? false);
  if (
    declaration.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword) ||
    initialized.some((m) => readsThis(m.initializer as TS.Expression)) ||
    (constructor && containsReturn(ts, constructor.body as TS.Block))
  ) {
    return refuse();
  }
  // An object whose construction constructs another of its class ('child = new Tree()') would never end inlining.
  if (constructor ? !inlinableCall(ctx, constructor, node) : ctx.inlining.some((f) => f.fn === declaration)) {
    if (!constructor) ctx.sink.report(node, Messages.RecursiveInlined, [name]);
    return undefined;
  }

  // Number fields are variables of their own; array fields name the array they are given.
  const binding: ObjectBinding = new Map();
  const fieldTypes = new Map(fields.map((f) => [f.key, f.type]));
  for (const field of fields) {
    if (typeof field.type === "string" && !isArrayType(field.type)) {
      binding.set(field.key, declareLocal(ctx, undefined, `${prefix}_${field.key}`, field.type));
    }
  }
  const isArrayField = (key: string) => {
    const type = fieldTypes.get(key);
    return typeof type === "string" && isArrayType(type);
  };
  /** 'this.key = value' (or a field initializer): an array field names the array, a number field is assigned. */
  const assign = (key: string, value: TS.Expression) => {
    // A field of another type (a function) is carried along, as in object parameters: never read, not built.
    if (!fieldTypes.has(key)) return;
    if (isArrayField(key)) {
      const array = fieldArray(ctx, value, () => newArrayField(key, value));
      if (array) binding.set(key, array);
      return;
    }
    const local = binding.get(key);
    if (typeof local === "string") lowerInto(ctx, local, value);
    else ctx.sink.report(value, Messages.UnsupportedConstruction, [name]);
  };
  /**
   * A new array built for the field ('hist: number[] = []', 'this.w = [a, b]'), typed as the field is declared: an
   * empty literal has no element type of its own.
   */
  const newArrayField = (key: string, value: TS.Expression): string | undefined => {
    const type = fieldTypes.get(key) as ArrayType;
    const array = declareLocal(ctx, undefined, `${prefix}_${key}`, type);
    return lowerArrayInit(ctx, array, type, value) ? array : undefined;
  };
  /** A parameter property: the field is what the parameter was bound to (the argument's array, or its value). */
  const assignParameter = (p: TS.ParameterDeclaration) => {
    const symbol = parameterSymbol(ctx, p);
    const bound = symbol && ctx.names.get(symbol);
    const key = p.name.getText();
    const local = binding.get(key);
    if (bound && isArrayField(key)) binding.set(key, bound);
    else if (bound && typeof local === "string") emitAssign(ctx, local, v(bound));
  };

  if (constructor) bindParameters(ctx, constructor.parameters, node.arguments ?? []);
  inCalleeModule(ctx, constructor ?? declaration, () => {
    ctx.inlining.push({ fn: constructor ?? declaration, result: undefined, label: "", self: binding, site: node });
    try {
      for (const p of constructor?.parameters ?? []) {
        // A parameter property ('public w: Float64Array') is a field given the argument.
        if (!ts.isParameterPropertyDeclaration(p, constructor as TS.ConstructorDeclaration)) continue;
        ctx.origin = originOf(ctx, p);
        assignParameter(p);
      }
      for (const member of initialized) {
        ctx.origin = originOf(ctx, member);
        assign(member.name.getText(), member.initializer as TS.Expression);
      }
      for (const statement of constructor?.body?.statements ?? []) {
        const field = fieldAssignment(ts, statement);
        if (field && (isArrayField(field.key) || !fieldTypes.has(field.key))) {
          ctx.origin = originOf(ctx, statement);
          assign(field.key, field.value);
        } else {
          lowerStatements(ctx, [statement]);
        }
      }
    } finally {
      ctx.inlining.pop();
    }
  });
  return binding;
}

/** 'this.key = value;' as a statement of its own. */
function fieldAssignment(ts: typeof TS, s: TS.Statement): { key: string; value: TS.Expression } | undefined {
  if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression)) return undefined;
  const { left, operatorToken, right } = s.expression;
  const isThisField = ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword;
  return isThisField && operatorToken.kind === ts.SyntaxKind.EqualsToken
    ? { key: left.name.text, value: right }
    : undefined;
}

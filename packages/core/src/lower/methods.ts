/**
 * Methods and getters of classes ('model.forward(x)', 'this.step(v)' inside another method, 'shape.area',
 * 'Model.init(x)'), inlined where they are called, with 'this' bound to the receiver's fields: an object of a class
 * type is flattened like any other object (its stored number and array fields become variables; its methods and
 * getters are not fields). The method is the one the receiver's declared class has; one that a class of the program
 * overrides is refused, since the object could be of that class.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import { resolvedSymbol } from "../collect/resolve";
import type { InlineSite, LowerContext, ObjectBinding } from "./context";
import { heldOrBuilt } from "./objectCalls";
import { withoutAssertions } from "./arrays";

/** The method a call names, with its receiver's fields (none for a static method); undefined for any other call. */
export function calledMethod(
  ctx: LowerContext,
  call: TS.CallExpression,
): { readonly method: TS.MethodDeclaration; readonly self: ObjectBinding | undefined } | undefined {
  const { ts } = ctx;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const symbol = ctx.checker.getSymbolAtLocation(callee.name);
  const method = symbol?.declarations?.find(
    (d): d is TS.MethodDeclaration => ts.isMethodDeclaration(d) && !!d.body && ts.isClassLike(d.parent),
  );
  if (!method) return undefined;
  if (ts.getCombinedModifierFlags(method) & ts.ModifierFlags.Static) {
    // 'Model.init(x)': called on its class, it has no object ('this' in it is not supported).
    const owner = resolvedSymbol(ts, ctx.checker, callee.expression);
    return owner && owner.flags & ts.SymbolFlags.Class ? { method, self: undefined } : undefined;
  }
  const self = heldOrBuilt(ctx, callee.expression, "receiver");
  return self ? { method, self } : undefined;
}

/** The getter a property access runs ('shape.area'), with its object's fields; undefined for anything else. */
export function calledGetter(
  ctx: LowerContext,
  node: TS.PropertyAccessExpression,
): { readonly getter: TS.GetAccessorDeclaration; readonly self: ObjectBinding } | undefined {
  const { ts } = ctx;
  const symbol = ctx.checker.getSymbolAtLocation(node.name);
  const getter = symbol?.declarations?.find(
    (d): d is TS.GetAccessorDeclaration => ts.isGetAccessorDeclaration(d) && !!d.body && ts.isClassLike(d.parent),
  );
  const self = getter && heldOrBuilt(ctx, node.expression, "receiver");
  return getter && self ? { getter, self } : undefined;
}

/**
 * Whether a method or getter may be inlined: reports one that a class of the program overrides, unless the receiver
 * was just made by 'new' ('new Shape(r).area()', 'c.area()' for 'const c: Shape = new Shape(r)'), whose class, and so
 * the body that runs, is known.
 */
export function inlinableMethod(
  ctx: LowerContext,
  site: InlineSite,
  method: TS.MethodDeclaration | TS.GetAccessorDeclaration,
): boolean {
  if (!ctx.overridden(method)) return true;
  const at = ctx.ts.isCallExpression(site) ? site.expression : site;
  if (ctx.ts.isPropertyAccessExpression(at) && runsOn(ctx, at.expression, method)) return true;
  ctx.sink.report(at, Messages.OverriddenMethod, [method.name.getText()]);
  return false;
}

/** Whether `receiver`, made by 'new C(…)' there or in its 'const', runs `method` itself, as C's member of its name. */
function runsOn(
  ctx: LowerContext,
  receiver: TS.Expression,
  method: TS.MethodDeclaration | TS.GetAccessorDeclaration,
): boolean {
  const { ts, checker } = ctx;
  let e = withoutAssertions(ts, receiver);
  if (ts.isNonNullExpression(e)) e = withoutAssertions(ts, e.expression);
  if (ts.isIdentifier(e)) {
    const declaration = checker.getSymbolAtLocation(e)?.valueDeclaration;
    const list = declaration?.parent;
    const constant = list && ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    if (!constant || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
    e = withoutAssertions(ts, declaration.initializer);
  }
  if (!ts.isNewExpression(e)) return false;
  const member = checker.getTypeAtLocation(e).getProperty(method.name.getText());
  return member?.declarations?.includes(method) ?? false;
}

/**
 * The fields 'this' stands for in the code being lowered: those of the receiver of the innermost method being
 * inlined, seen through arrows (which keep the 'this' around them) but not through other functions (which have
 * their own).
 */
export function thisBinding(ctx: LowerContext): ObjectBinding | undefined {
  const { ts } = ctx;
  for (let k = ctx.inlining.length - 1; k >= 0; k--) {
    const frame = ctx.inlining[k];
    if (frame.self) return frame.self;
    if (!ts.isArrowFunction(frame.fn)) return undefined;
  }
  return undefined;
}

/** Which methods a class of the program overrides: computed once, when first asked. */
export function overriddenMethods(
  ts: typeof TS,
  checker: TS.TypeChecker,
  files: () => readonly TS.SourceFile[],
): (method: TS.MethodDeclaration | TS.GetAccessorDeclaration) => boolean {
  let overridden: Set<TS.Declaration> | undefined;
  const collect = (): Set<TS.Declaration> => {
    const found = new Set<TS.Declaration>();
    // Every class above, as far up as the chain goes.
    const ancestors = (type: TS.Type): TS.Type[] => {
      const seen = new Set<TS.Type>();
      const walk = (t: TS.Type): void => {
        if (seen.has(t) || !t.isClassOrInterface()) return;
        seen.add(t);
        checker.getBaseTypes(t).forEach(walk);
      };
      walk(type);
      seen.delete(type);
      return [...seen];
    };
    const visit = (node: TS.Node): void => {
      if (ts.isClassLike(node)) {
        const above = ancestors(checker.getTypeAtLocation(node));
        // A method, a property ('area = () => …') or an accessor of the same name replaces the one above.
        for (const member of node.members) {
          const name = member.name && !ts.isConstructorDeclaration(member) ? member.name.getText() : undefined;
          if (!name) continue;
          above.forEach((base) => checker.getPropertyOfType(base, name)?.declarations?.forEach((d) => found.add(d)));
        }
      }
      ts.forEachChild(node, visit);
    };
    files().forEach(visit);
    return found;
  };
  return (method) => (overridden ??= collect()).has(method);
}

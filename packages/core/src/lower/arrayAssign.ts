/**
 * 'y = y.map(f)', 'y = next', 'y = step(y, h)': a local array variable given another array. JavaScript rebinds the
 * name; the generated code copies the new array into the local's own, a fresh array of the new length:
 *   'y = y.map((v) => v - h * v)'  →  'y_map = …map into a new array…; y = new Array(y_map.length); copy y_map → y'
 * The two read the same as long as no other name holds either array. So the local must be its name's alone (declared
 * as a new array, 'let y = x.slice()', not 'let y = x'), and the new array fresh: built by the expression, or a
 * 'const' declared in the same block that nothing reads afterwards ('const next = …; y = next;').
 */
import type * as TS from "typescript";
import type { ArrayType } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import type { LowerContext, ObjectBinding } from "./context";
import { arrayOperand, copyArray } from "./arrayMethods";
import { shorten } from "./expressions";
import { skipParentheses } from "./arrays";

export function lowerArrayAssignment(ctx: LowerContext, target: string, node: TS.BinaryExpression): void {
  const { ts } = ctx;
  const type = ctx.locals.get(target) as ArrayType;
  const targetSymbol = ctx.checker.getSymbolAtLocation(skipParentheses(ts, node.left));
  const refuse = () => ctx.sink.report(node, Messages.ArrayRebinding, [shorten(node.getText(ctx.sourceFile))]);
  if (type === "number[][]" || ctx.params.has(target) || sharedName(ctx, target, targetSymbol)) return refuse();
  const right = skipParentheses(ts, node.right);
  const rightSymbol = ts.isIdentifier(right) ? ctx.checker.getSymbolAtLocation(right) : undefined;
  if (rightSymbol && ctx.names.get(rightSymbol) === target) return;
  const existing = new Set([...ctx.locals.keys(), ...ctx.params]);
  const source = ts.isIdentifier(right) ? namedFreshArray(ctx, right, node) : arrayOperand(ctx, right);
  if (source === target) return;
  const fresh = source !== undefined && (ts.isIdentifier(right) || !existing.has(source));
  if (!fresh) return refuse();
  copyArray(ctx, target, type, source);
}

/**
 * The array a 'const' names, if the assignment may copy it: a local array of that name alone, declared in the same
 * block as the assignment statement (a new one each time the block runs), and not read after it.
 */
function namedFreshArray(ctx: LowerContext, name: TS.Identifier, assignment: TS.BinaryExpression): string | undefined {
  const { ts } = ctx;
  const symbol = ctx.checker.getSymbolAtLocation(name);
  const array = symbol && ctx.names.get(symbol);
  if (!symbol || !array || !ctx.locals.has(array) || ctx.params.has(array) || sharedName(ctx, array, symbol)) {
    return undefined;
  }
  const declaration = symbol.valueDeclaration;
  const list = declaration && ts.isVariableDeclaration(declaration) ? declaration.parent : undefined;
  const isConst = list !== undefined && ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
  const statement = assignment.parent;
  if (!isConst || !ts.isExpressionStatement(statement) || list.parent.parent !== statement.parent) return undefined;
  const block = statement.parent as TS.Block;
  const after = block.statements.slice(block.statements.indexOf(statement) + 1);
  return after.some((s) => mentions(ts, ctx.checker, s, symbol)) ? undefined : array;
}

/** Whether a name other than `symbol`'s, or an object's field, also holds the IR array `array`. */
function sharedName(ctx: LowerContext, array: string, symbol: TS.Symbol | undefined): boolean {
  const holds = (binding: ObjectBinding): boolean =>
    [...binding.values()].some((leaf) => (typeof leaf === "string" ? leaf === array : holds(leaf)));
  return (
    [...ctx.names].some(([other, name]) => name === array && other !== symbol) ||
    [...ctx.objects.values()].some(holds) ||
    [...ctx.builtObjects.values()].some(({ binding }) => holds(binding))
  );
}

function mentions(ts: typeof TS, checker: TS.TypeChecker, node: TS.Node, symbol: TS.Symbol): boolean {
  if (ts.isIdentifier(node) && checker.getSymbolAtLocation(node) === symbol) return true;
  return ts.forEachChild(node, (child) => mentions(ts, checker, child, symbol) || undefined) ?? false;
}

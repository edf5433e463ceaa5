/**
 * Calls to functions that return an array, declared inside the function or at the top level of any module,
 * inlined where they are called, so that the array they return is an array of the caller:
 *   'const p = softmax(z)'  →  softmax's statements with 'z' for its parameter; 'p' names the array it returns
 * The returned array is the one JavaScript returns: a new array ('return e.map(…)', a local 'out'), or the caller's
 * own array when the callee ends by returning a parameter. A callee with several returns fills one fresh result at
 * each, copying arrays it created (nothing else can see them) and refusing the caller's. Every form of array the
 * caller can read works on the result (elements, '.length', 'for … of', passing it on), and its derivatives flow
 * through the inlined statements.
 */
import type * as TS from "typescript";
import { isMatrixType, type ArrayType } from "../ir/expr";
import { Messages, type Message } from "../diagnostics/messages";
import { functionName, resolveFunction } from "../collect/resolve";
import {
  argumentsOf,
  arrayTypeOf,
  isGeneralArrayType,
  freshTemp,
  originOf,
  type Inlinable,
  type InlineSite,
  type LowerContext,
  type ObjectBinding,
} from "./context";
import { calledGetter, calledMethod } from "./methods";
import { arrayName } from "./arrays";
import { arrayOperand } from "./arrayMethods";
import {
  bindParameters,
  calledLocalFunction,
  containsReturn,
  inCalleeModule,
  inlinableCall,
  inlineBlock,
} from "./localFunctions";
import { lowerStatements } from "./statements";
import { rowAsArray } from "./matrixSharing";

/** A call of a function, method or getter whose source Cotangent can inline: what it calls, the method's object. */
export interface InlinedCallee {
  readonly fn: Inlinable;
  readonly self?: ObjectBinding;
  /** The call, or the property access that runs a getter. */
  readonly site: InlineSite;
}

/** A call to a function or method that returns an array: what it calls, the array's type, the method's object. */
export interface ArrayCallee extends InlinedCallee {
  readonly type: ArrayType;
}

/** The function, method or getter with a body in the program that `node` runs; undefined for anything else. */
export function inlinedCallee(ctx: LowerContext, node: TS.Expression): InlinedCallee | undefined {
  const { ts } = ctx;
  const getter = ts.isPropertyAccessExpression(node) ? calledGetter(ctx, node) : undefined;
  const method = ts.isCallExpression(node) ? calledMethod(ctx, node) : undefined;
  const fn = ts.isCallExpression(node)
    ? (method?.method ?? calledLocalFunction(ctx, node.expression) ?? resolveFunction(ts, ctx.checker, node.expression))
    : getter?.getter;
  if (!fn?.body || fn.getSourceFile().isDeclarationFile) return undefined;
  return { fn, self: method?.self ?? getter?.self, site: node as InlineSite };
}

/** The function, method or getter `node` runs, with the array type it returns; undefined for anything else. */
export function arrayReturningCallee(ctx: LowerContext, node: TS.Expression): ArrayCallee | undefined {
  const callee = inlinedCallee(ctx, node);
  const signature = callee && ctx.checker.getSignatureFromDeclaration(callee.fn);
  const returned = signature && ctx.checker.getReturnTypeOfSignature(signature);
  // A generic helper's 'T extends ArrayLike<number>' result has the kind of array the call gives it.
  const instantiated = () => arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(node));
  const type =
    returned && (arrayTypeOf(ctx, returned) ?? (isGeneralArrayType(ctx, returned) ? instantiated() : undefined));
  return callee && type && !isMatrixType(type) ? { ...callee, type } : undefined;
}

/**
 * Inlines a call to a function that returns an array: the IR name of that array. When a diagnostic says why the
 * call cannot be inlined, a name that holds no array stands for it, so that lowering goes on to find other errors.
 */
export function inlineArrayCall(ctx: LowerContext, callee: ArrayCallee): string {
  const { ts } = ctx;
  const { fn, site: call } = callee;
  const name = functionName(ts, fn) ?? "callee";
  const refuse = (at: TS.Node, message: Message, args: string[]) => {
    ctx.sink.report(at, message, args);
    return freshTemp(ctx, `${name}_result`, "array", callee.type);
  };
  if (!inlinableCall(ctx, fn, call)) return freshTemp(ctx, `${name}_result`, "array", callee.type);
  const self = callee.self;
  const { statements, returned } = calleeBody(ts, fn);
  // Arguments are evaluated where the call is, in the caller's module; the body where it was written.
  bindParameters(ctx, fn.parameters, argumentsOf(ts, call));
  const callerArrays = new Set(ctx.locals.keys());
  return inCalleeModule(ctx, fn, () => {
    if (!returned) {
      // Several returns: each fills the one result, a fresh array (a copy of an array the function created).
      const result = freshTemp(ctx, `${name}_result`, "array", callee.type);
      const frame = { fn, result, label: ctx.namer.unique(`${name}_body`), callerArrays, self, site: call };
      inlineBlock(ctx, frame, statements);
      return result;
    }
    return inlineUpToReturn(ctx, callee, { statements, returned }, (value) => {
      if (rowAsArray(ctx, value, `the result of '${name}'`))
        return freshTemp(ctx, `${name}_result`, "array", callee.type);
      const array = arrayName(ctx, value) ?? arrayOperand(ctx, value);
      return array ?? refuse(value, Messages.UnsupportedArrayOperation, [value.getText(ctx.sourceFile)]);
    });
  });
}

/** A callee's statements, and the value of its final 'return' (or expression body) when that is its only return. */
export interface CalleeBody {
  readonly statements: readonly TS.Statement[];
  readonly returned: TS.Expression | undefined;
}

export function calleeBody(ts: typeof TS, fn: Inlinable): CalleeBody {
  const body = fn.body as TS.ConciseBody;
  if (!ts.isBlock(body)) return { statements: [], returned: body };
  const statements = body.statements;
  const last = statements[statements.length - 1];
  const tail = last && ts.isReturnStatement(last) ? last.expression : undefined;
  const single = tail && !statements.slice(0, -1).some((s) => containsReturn(ts, s));
  return { statements, returned: single ? tail : undefined };
}

/**
 * Lowers a callee's statements before its single final 'return' where it is called (in its own module: the caller
 * runs this under `inCalleeModule`), with 'this' its object's fields, then `value` of the expression it returns.
 */
export function inlineUpToReturn<T>(
  ctx: LowerContext,
  callee: InlinedCallee,
  body: CalleeBody & { readonly returned: TS.Expression },
  value: (returned: TS.Expression) => T,
): T {
  const { statements } = body;
  ctx.inlining.push({ fn: callee.fn, result: undefined, label: "", self: callee.self, site: callee.site });
  try {
    lowerStatements(ctx, statements.slice(0, -1));
    const last = statements[statements.length - 1];
    if (last) ctx.origin = originOf(ctx, last);
    return value(body.returned);
  } finally {
    ctx.inlining.pop();
  }
}

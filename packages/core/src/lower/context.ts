/**
 * State of lowering one function: names, scopes (by checker symbol, so shadowing is handled), the statement list
 * being filled, the loop stack for `break`/`continue`, and the origin of the primal statement being lowered.
 */
import type * as TS from "typescript";
import {
  isDataArrayType,
  isIntegerArrayType,
  isMatrixType,
  type ArrayType,
  type Expr,
  type IntegerArrayType,
} from "../ir/expr";
import type { Origin, ResultRecord, Stmt, VarType } from "../ir/stmt";
import type { DiagnosticSink } from "../diagnostics/sink";
import { toIdentifier, type Namer } from "../naming/namer";
import { skipOuterExpressions, type FunctionLike } from "../collect/resolve";
import type { GradientCallee } from "./gradientCalls";
import { recordsTypeOf } from "./records";
import type { Closure } from "./closures";
import type { ListedMatrix, MatrixList } from "./matrixLists";
import type { ColumnElement, Columns } from "./recordColumns";

export interface LowerContext {
  readonly ts: typeof TS;
  readonly checker: TS.TypeChecker;
  readonly sink: DiagnosticSink;
  readonly namer: Namer;
  /** The file of the code being lowered: the function's, or an inlined callee's from another module. */
  sourceFile: TS.SourceFile;
  readonly fn: FunctionLike;
  /** IR name of each local or parameter, by its symbol. */
  readonly names: Map<TS.Symbol, string>;
  /** Source names already used by a declaration; a second declaration of the same name gets a suffix. */
  readonly claimed: Set<string>;
  /** Names the generated code reads from outside the function (lower/outsideNames.ts): no local may take one. */
  readonly outside: ReadonlySet<string>;
  readonly locals: Map<string, VarType>;
  readonly externals: Set<string>;
  /** Callee key (as written, e.g. `g`) → the function it resolves to. */
  readonly callees: Map<string, FunctionLike>;
  /** Callee keys of gradients the function calls (`grad(f)(x)` → `f_grad_x`), apart from `callees`. */
  readonly gradientCallees: Map<string, GradientCallee>;
  /**
   * Enclosing loops, innermost last: source label (if any) and IR label. A `switch` is listed too: an unlabeled
   * `break` inside it leaves it, an unlabeled `continue` goes to the loop around it. Lowered as an if / else if
   * chain ("chain"), its breaks end cases and emit nothing; lowered as a loop of one pass ("loop"), they break it.
   */
  readonly loops: {
    readonly sourceLabel?: string;
    readonly label: string;
    readonly switch?: "chain" | "loop";
    /** A labeled block ('done: { … }'), which only a 'break' naming it leaves. */
    readonly block?: boolean;
  }[];
  readonly result: string;
  /** For a function returning an object of numbers: the record `result` holds its numbers for (lower/resultRecords.ts). */
  resultRecord?: ResultRecord;
  /** IR names of the parameters (arrays among them are read-only). */
  readonly params: Set<string>;
  /** Objects (parameters and local object literals) flattened into one variable per field, by symbol. */
  readonly objects: Map<TS.Symbol, ObjectBinding>;
  /** Objects built where they are used (a method called on them, destructured), by the expression and inlining frame. */
  readonly builtObjects: Map<TS.Expression, { readonly frame: InliningFrame | undefined; binding: ObjectBinding }>;
  /** Names of matrix rows ('const row = m[i]', 'for (const row of m)', a parameter given 'm[i]'), by symbol. */
  readonly rows: Map<TS.Symbol, MatrixRow>;
  /** Names of elements of arrays of records ('const o = obs[i]', 'for (const o of obs)'), by symbol. */
  readonly records: Map<TS.Symbol, RecordElement>;
  /** Arrays of matrices ('Ws: number[][][]', lower/matrixLists.ts), by symbol. */
  readonly matrixLists: Map<TS.Symbol, MatrixList>;
  /** Names of one matrix of such an array ('const W = Ws[l]', 'for (const W of Ws)'), by symbol. */
  readonly listedMatrices: Map<TS.Symbol, ListedMatrix>;
  /** Arrays of records that hold matrices, read by columns ('layers: Layer[]', lower/recordColumns.ts), by symbol. */
  readonly columns: Map<TS.Symbol, Columns>;
  /** Names of an element of such an array ('const L = layers[l]', 'for (const L of layers)'), by symbol. */
  readonly columnElements: Map<TS.Symbol, ColumnElement>;
  /** Matrices the function builds, stored flat (lower/localMatrices.ts): each one's array of row starts, by its name. */
  readonly localMatrices: Map<string, string>;
  /**
   * Constants holding an element read that a '??' tests ('const a = x[9]; a ?? c'), by symbol: the boolean local that
   * says whether the read found an element.
   */
  readonly presence: Map<TS.Symbol, string>;
  /** Optional number fields of object parameters ('opts.l2' of 'opts: { l2?: number }'), by IR name: their flag. */
  readonly presentFields: Map<string, string>;
  /** Functions declared inside the function ('const sq = (t: number) => t * t'), inlined where they are called. */
  readonly localFunctions: Map<TS.Symbol, LocalFunction>;
  /** Names of closures made by other functions ('const double = scaler(2)'): the variables of their making. */
  readonly closures: Map<TS.Symbol, Closure>;
  /** Parameters of inlined helpers given a function of Math ('twice(Math.tanh, y)'), by symbol: its name ('tanh'). */
  readonly mathFunctions: Map<TS.Symbol, string>;
  /** Whether a class of the program overrides a method (then a call to it cannot be inlined). */
  readonly overridden: (method: TS.MethodDeclaration | TS.GetAccessorDeclaration) => boolean;
  /** Whether the program reads a string field somewhere (lower/readFields.ts): only those are flattened. */
  readonly readsStringField: (field: TS.Symbol) => boolean;
  /** Whether the program uses a variable holding an object only to read its fields (lower/readFields.ts). */
  readonly onlyFieldsRead: (object: TS.Symbol) => boolean;
  /** The local functions being inlined, innermost last: where their 'return' puts its value and jumps to. */
  readonly inlining: InliningFrame[];
  /** Arrays allocated inside loops, with their size and outermost loop, to check once the loops are lowered. */
  out: Stmt[];
  /** The statement lists being filled around `out`, innermost last. */
  readonly enclosing: { readonly list: Stmt[]; readonly straightLine: boolean }[];
  origin?: Origin;
  errorsAtStart: number;
}

export type LocalFunction = TS.ArrowFunction | TS.FunctionExpression | TS.FunctionDeclaration;

/**
 * An element of an array of records: the array's IR name and the element's index (an atom); with `path`, an object
 * inside it ('const { pos } = obs[i]' names `obs[i].pos`).
 */
export interface RecordElement {
  readonly array: string;
  readonly index: Expr;
  readonly path?: readonly string[];
}

/** What can be inlined where it is called: a function, a method, getter or constructor of a class. */
export type Inlinable = FunctionLike | TS.MethodDeclaration | TS.GetAccessorDeclaration | TS.ConstructorDeclaration;

/** Where an inlined function is called: a call, a property access that runs a getter ('shape.area'), a 'new'. */
export type InlineSite = TS.CallExpression | TS.PropertyAccessExpression | TS.NewExpression;

/** The arguments a site passes: a call's or a 'new''s, or none for a getter. */
export function argumentsOf(ts: typeof TS, site: InlineSite): readonly TS.Expression[] {
  return ts.isPropertyAccessExpression(site) ? [] : (site.arguments ?? []);
}

/** A function being inlined: where its 'return' puts its value, and the label it jumps to. */
export interface InliningFrame {
  /** What is inlined; a class without a constructor, for the field initializers of 'new Layer()'. */
  readonly fn: Inlinable | TS.ClassDeclaration;
  readonly result: string | undefined;
  /** For a function returning an object from several places: the variables each 'return' fills. */
  readonly resultObject?: ObjectBinding;
  readonly label: string;
  /** For a method: the fields of the object it is called on, which 'this' stands for. */
  readonly self?: ObjectBinding;
  /** For a result that is an array: the arrays that existed before the call, which a 'return' may not copy. */
  readonly callerArrays?: ReadonlySet<string>;
  /** Where it is called (a call, a getter's property access, a 'new'); none for a callback written in place. */
  readonly site?: TS.Node;
}

/**
 * Runs `emit` with a fresh statement list and returns what it emitted. `straightLine`: the list will be appended
 * right after the enclosing one's statements (operands of one expression), so lookups may see through it.
 */
export function collectStmts(ctx: LowerContext, emit: () => void, straightLine = false): Stmt[] {
  const saved = ctx.out;
  const list: Stmt[] = [];
  ctx.enclosing.push({ list: saved, straightLine });
  ctx.out = list;
  try {
    emit();
  } finally {
    ctx.out = saved;
    ctx.enclosing.pop();
  }
  return list;
}

export function emitAssign(ctx: LowerContext, target: string, expr: Expr): void {
  ctx.out.push({ kind: "assign", target, expr, origin: ctx.origin });
}

/** The origin of a primal statement: its first line, for comments that point back to it. */
export function originOf(ctx: LowerContext, node: TS.Node): Origin {
  const file = ctx.sourceFile;
  const start = node.getStart(file);
  let text = node.getText(file);
  // 'if (c) { … }', 'for (…) { … }': the header only. A brace in a string or template ('`x[${i}]`') stays.
  const block = !ctx.ts.isVariableStatement(node) && !ctx.ts.isExpressionStatement(node) && firstBlock(ctx.ts, node);
  if (block) text = text.slice(0, block.getStart(file) - start);
  text = text.replace(/\s+/g, " ").trim();
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  return {
    fileName: file.fileName,
    line: file.getLineAndCharacterOfPosition(start).line + 1,
    text,
    pos: start,
    end: node.getEnd(),
  };
}

function firstBlock(ts: typeof TS, node: TS.Node): TS.Node | undefined {
  return ts.forEachChild(node, (child) => (ts.isBlock(child) || ts.isCaseBlock(child) ? child : firstBlock(ts, child)));
}

/** The variable an identifier reads: for the name of a shorthand property ('{ m }'), the variable m, not the property. */
export function symbolOfIdentifier(ctx: LowerContext, node: TS.Identifier): TS.Symbol | undefined {
  const parent = node.parent;
  return parent && ctx.ts.isShorthandPropertyAssignment(parent) && parent.name === node
    ? ctx.checker.getShorthandAssignmentValueSymbol(parent)
    : ctx.checker.getSymbolAtLocation(node);
}

/** Declares a local for a source declaration, keeping its name unless an earlier declaration took it. */
export function declareLocal(ctx: LowerContext, symbol: TS.Symbol | undefined, source: string, type: VarType): string {
  const name = toIdentifier(source);
  // An inlined callee's names were not reserved before the caller's temporaries took theirs. Names beginning with
  // '__ct' are the generated code's (the runtime's namespace, other modules' derivatives): the user's '__ct' is 'ct'.
  const irName = name.startsWith("__ct")
    ? ctx.namer.unique(name.slice(2))
    : ctx.claimed.has(name) || ctx.locals.has(name) || ctx.outside.has(name)
      ? ctx.namer.unique(name)
      : name;
  ctx.claimed.add(name);
  ctx.namer.reserve(irName);
  if (symbol) ctx.names.set(symbol, irName);
  ctx.locals.set(irName, type);
  return irName;
}

/** A fresh temporary named after its operation (`sin_x`) or, when too long, after `hint` (`loss_1`). */
export function freshTemp(ctx: LowerContext, derived: string, hint: string, type: VarType): string {
  const name = ctx.namer.temp(derived, hint);
  ctx.locals.set(name, type);
  return name;
}

/** `k?: number`: a number parameter a call may leave out. */
export function isOptionalNumber(ctx: LowerContext, p: TS.ParameterDeclaration): boolean {
  const { ts, checker } = ctx;
  if (!p.questionToken || p.initializer || p.dotDotDotToken || !ts.isIdentifier(p.name)) return false;
  return varTypeOf(ctx, checker.getNonNullableType(checker.getTypeAtLocation(p.name))) === "number";
}

/**
 * The fields of an options object a call may leave out, 'opts?: Opts' or 'opts: Opts = {}' (or pass undefined for,
 * 'opts: Opts | undefined'), whose fields are all
 * numbers: each an optional number, undefined where the object is left out ('opts?.l2 ?? 0'). Undefined for any
 * other parameter.
 */
export function optionalObjectFields(ctx: LowerContext, p: TS.ParameterDeclaration): ObjectFields | undefined {
  const { ts, checker } = ctx;
  const init = p.initializer && skipOuterExpressions(ts, p.initializer);
  const emptyDefault = init !== undefined && ts.isObjectLiteralExpression(init) && init.properties.length === 0;
  const declared = checker.getTypeAtLocation(p.name);
  // 'opts: Opts | undefined' too: a call passes undefined for it.
  const orUndefined = !init && declared.isUnion() && declared.types.some((t) => t.flags & ts.TypeFlags.Undefined);
  if (p.dotDotDotToken || (!p.questionToken && !emptyDefault && !orUndefined)) return undefined;
  const type = checker.getNonNullableType(declared);
  const fields = objectFieldsOf(ctx, type, 0, true);
  if (!fields || fields.length === 0 || (fields as { tuple?: boolean }).tuple) return undefined;
  if (!fields.every((f) => f.type === "number")) return undefined;
  return fields.map((f) => ({ ...f, optional: true }));
}

/** Whether a call may leave `p` out when it has no constant default: an optional number or an options object. */
export function mayBeLeftOut(ctx: LowerContext, p: TS.ParameterDeclaration): boolean {
  return isOptionalNumber(ctx, p) || optionalObjectFields(ctx, p) !== undefined;
}

/**
 * The IR type of a parameter's checker type: as `varTypeOf`, and a 'Float64Array' the function only reads for a type
 * that admits several kinds of arrays (`isGeneralArrayType`).
 */
export function paramTypeOf(ctx: LowerContext, type: TS.Type): VarType | undefined {
  return varTypeOf(ctx, type) ?? (isGeneralArrayType(ctx, type) ? "Float64Array" : undefined);
}

/** The IR type of a checker type, or undefined when Cotangent does not support it. */
export function varTypeOf(ctx: TypeView, type: TS.Type): VarType | undefined {
  const { ts } = ctx;
  // 'v: T' with 'T extends number' in a generic helper: a value of its constraint's kind.
  if (type.flags & ts.TypeFlags.TypeParameter) {
    const constraint = constraintOf(ctx, type);
    return constraint && varTypeOf(ctx, constraint);
  }
  const array = arrayTypeOf(ctx, type);
  if (array) return array;
  const members = type.isUnion() ? type.types : [type];
  // '2 | 3' (from 'x > 0 ? 2 : 3') is a number; 'boolean' is the union 'true | false'.
  if (members.every((t) => t.flags & ts.TypeFlags.NumberLike)) return "number";
  if (members.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return "boolean";
  // 'mode: "l1" | "l2"': a value that steers control flow, compared and passed on, never differentiated.
  if (members.every((t) => t.flags & ts.TypeFlags.StringLike)) return "string";
  return undefined;
}

/** What reading types needs: the caller's TypeScript and checker. */
export type TypeView = Pick<LowerContext, "ts" | "checker">;

/** A type parameter's constraint ('number' for 'T extends number'); undefined for an unconstrained one. */
function constraintOf(ctx: TypeView, typeParameter: TS.Type): TS.Type | undefined {
  const constraint = ctx.checker.getBaseConstraintOfType(typeParameter);
  return constraint !== typeParameter ? constraint : undefined;
}

/**
 * The array type a vector-valued function returns: a one-dimensional array type, or `number[]` for a tuple of
 * numbers ('[number, number]'); undefined for anything else (numbers, matrices, objects, index data).
 */
export function vectorResultType(ctx: TypeView, type: TS.Type): ArrayType | undefined {
  const array = arrayTypeOf(ctx, type);
  if (array) return isMatrixType(array) || isDataArrayType(array) ? undefined : array;
  if (!ctx.checker.isTupleType(type)) return undefined;
  const elements = ctx.checker.getTypeArguments(type as TS.TypeReference);
  return elements.every((t) => t.flags & ctx.ts.TypeFlags.NumberLike) ? "number[]" : undefined;
}

/** The typed arrays Cotangent reads and allocates: of floats, or of integers (index data). */
export function isTypedArrayName(name: string | undefined): name is "Float64Array" | "Float32Array" | IntegerArrayType {
  return name === "Float64Array" || name === "Float32Array" || isIntegerArrayType(name);
}

/**
 * `number[]` (or `readonly number[]`, or a readonly tuple of numbers such as a constant's `[0.2, 0.3] as const`),
 * `Float64Array`, `Float32Array`, an integer typed array, `boolean[]` (or a constant's `[true, false] as const`), a
 * matrix; undefined for anything else.
 */
export function arrayTypeOf(ctx: TypeView, type: TS.Type): ArrayType | undefined {
  const { ts, checker } = ctx;
  // 'a: T' with 'T extends number[]' in a generic helper: an array of its constraint's kind.
  if (type.flags & ts.TypeFlags.TypeParameter) {
    const constraint = constraintOf(ctx, type);
    return constraint && arrayTypeOf(ctx, constraint);
  }
  const name = type.getSymbol()?.getName();
  if (isTypedArrayName(name)) return name;
  if (checker.isTupleType(type) && (type as TS.TupleTypeReference).target.readonly) {
    const elements = checker.getTypeArguments(type as TS.TypeReference);
    if (elements.every((t) => t.flags & ts.TypeFlags.NumberLike)) return "number[]";
    // A constant's flags, '[true, false] as const'.
    if (elements.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return "boolean[]";
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as TS.TypeReference);
    if (element && isNumeric(ts, element)) return "number[]";
    // 'mask: boolean[]': flags, read by the tests they steer.
    if (element && element.flags & ts.TypeFlags.BooleanLike) return "boolean[]";
    if (element && checker.isArrayType(element)) {
      const [inner] = checker.getTypeArguments(element as TS.TypeReference);
      if (inner && isNumeric(ts, inner)) return "number[][]";
    }
    if (element?.getSymbol()?.getName() === "Float64Array") return "Float64Array[]";
    // '[number, number][]': points, rows of a fixed length, read as a matrix's rows are.
    if (element && checker.isTupleType(element)) {
      const parts = checker.getTypeArguments(element as TS.TypeReference);
      if (parts.length > 0 && parts.every((t) => isNumeric(ts, t))) return "number[][]";
    }
  }
  return undefined;
}

/**
 * A parameter type that admits more than one kind of array of floats: 'ArrayLike<number>', a union such as
 * 'number[] | Float64Array', or a type parameter constrained to one ('T extends ArrayLike<number>'). A function
 * taking one is lowered as if it took a 'number[]' it only reads (every kind reads alike); its generated functions
 * declare the parameter and its derivatives with types any of them fits (Param.general).
 */
export function isGeneralArrayType(ctx: TypeView, type: TS.Type): boolean {
  const { ts, checker } = ctx;
  if (type.flags & ts.TypeFlags.TypeParameter) {
    const constraint = constraintOf(ctx, type);
    return constraint !== undefined && isGeneralArrayType(ctx, constraint);
  }
  if (type.isUnion()) return type.types.every((t) => isFloatVector(arrayTypeOf(ctx, t)));
  if (type.getSymbol()?.getName() !== "ArrayLike") return false;
  const [element] = checker.getTypeArguments(type as TS.TypeReference);
  return element !== undefined && isNumeric(ts, element);
}

const isFloatVector = (t: ArrayType | undefined): boolean =>
  t === "number[]" || t === "Float64Array" || t === "Float32Array";

/**
 * 'number', or numbers only: '0 | 1' (an identity matrix's 'i === j ? 1 : 0'), '2', a numeric enum's members (an
 * 'Op[]' table of operations), which are numbers as an enum-typed value is.
 */
function isNumeric(ts: typeof TS, type: TS.Type): boolean {
  const numeric = (t: TS.Type) => (t.flags & ts.TypeFlags.NumberLike) !== 0;
  return type.isUnion() ? type.types.every(numeric) : numeric(type);
}

/** A row of a number[][]: the matrix's IR name and the row's index, an atom no later statement changes. */
export interface MatrixRow {
  readonly matrix: string;
  readonly outer: Expr;
}

/** An object's fields: the IR variable holding each numeric, boolean or array field, or a nested object. */
export type ObjectBinding = Map<string, string | ObjectBinding>;

/**
 * An object type's fields generated code flattens, in order: numbers, flags and arrays, or nested objects; `optional`
 * for an optional number field of a parameter's type ('l2?: number'), which may hold undefined.
 */
export type ObjectFields = {
  key: string;
  type: VarType | { fields: ObjectFields | undefined };
  optional?: boolean;
  /** A field whose type admits several kinds of arrays ('w: ArrayLike<number>'), read as a 'Float64Array'. */
  general?: boolean;
}[];

/**
 * The fields of an object type Cotangent can flatten, with their IR types (nested objects recurse). `optionalNumbers`:
 * also the optional number fields, as a parameter's type has them (a parameter may be given undefined there, where a
 * local object has no variable to hold it).
 */
export function objectFieldsOf(
  ctx: LowerContext,
  type: TS.Type,
  depth = 0,
  optionalNumbers = false,
): ObjectFields | undefined {
  const { ts, checker } = ctx;
  if (depth > 4 || !isObjectType(ctx, type) || arrayTypeOf(ctx, type) || checker.isArrayType(type)) {
    return undefined;
  }
  if (type.getCallSignatures().length > 0) return undefined;
  const fields: ObjectFields = [];
  if (checker.isTupleType(type)) {
    // '[number, number[]]': fields '0', '1'; 'p[0]' reads field '0'.
    for (const [k, element] of checker.getTypeArguments(type as TS.TypeReference).entries()) {
      const leaf = varTypeOf(ctx, element);
      const nested = leaf ? undefined : objectFieldsOf(ctx, element, depth + 1, optionalNumbers);
      if (!leaf && !nested) return undefined;
      fields.push({ key: String(k), type: leaf ?? { fields: nested } });
    }
    return Object.assign(fields, { tuple: true });
  }
  // Indexed by number ('ArrayLike<ArrayLike<number>>') or iterable ('Iterable<number>', a Set): a collection, not an
  // object of named fields.
  if (type.getNumberIndexType() || type.getProperties().some((p) => p.name.startsWith("__@iterator"))) return undefined;
  for (const prop of checker.getPropertiesOfType(type)) {
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (!decl) continue;
    const propType = checker.getTypeOfSymbolAtLocation(prop, decl);
    if (prop.flags & ts.SymbolFlags.Optional) {
      const number = optionalNumbers && varTypeOf(ctx, checker.getNonNullableType(propType)) === "number";
      if (number) fields.push({ key: prop.getName(), type: "number", optional: true });
      continue;
    }
    // A getter is code, not a stored value: reading it runs its body (lower/methods.ts), which depends on the fields.
    if (prop.flags & ts.SymbolFlags.Accessor) continue;
    const leaf = varTypeOf(ctx, propType);
    // A string field no code reads (a model's name) is carried along, not flattened into parameters.
    if (leaf === "string" && !ctx.readsStringField(prop)) continue;
    if (leaf) fields.push({ key: prop.getName(), type: leaf });
    else if (isGeneralArrayType(ctx, propType))
      fields.push({ key: prop.getName(), type: "Float64Array", general: true });
    else if (optionalNumbers && recordsTypeOf(ctx, propType)) {
      // 'scene: { pts: Pt[]; w: number }': an array of records, data read in place (lower/records.ts).
      fields.push({ key: prop.getName(), type: recordsTypeOf(ctx, propType) as VarType });
    } else {
      const nested = objectFieldsOf(ctx, propType, depth + 1, optionalNumbers);
      // Fields of other types (functions…) are carried along, never read.
      if (nested) fields.push({ key: prop.getName(), type: { fields: nested } });
    }
  }
  return fields;
}

/** An object type, or an intersection of them ('Point & { mass: number }'), whose properties are all of theirs. */
export function isObjectType(ctx: TypeView, type: TS.Type): boolean {
  const { ts } = ctx;
  if (type.isIntersection()) return type.types.every((t) => isObjectType(ctx, t));
  return (type.flags & ts.TypeFlags.Object) !== 0;
}

/** Every identifier written in `node`: names the generated code must not give its temporaries. */
export function identifiersIn(ts: typeof TS, node: TS.Node): string[] {
  const names: string[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) names.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

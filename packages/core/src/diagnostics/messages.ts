/**
 * The diagnostic catalog: every message Cotangent reports, with a stable code in our own range (990xxx; tsc prints
 * `TS990003`). Codes never change once released; add new entries at the end. Retired (the construct is supported
 * now), never to be reused: 990023 (arrays whose size changes in a loop), 990026 (callees creating arrays).
 * Wording follows TypeScript's diagnosticMessages.json: say what is wrong, then what to do; code in single quotes.
 */
export interface Message {
  readonly code: number;
  readonly category: "error" | "warning";
  readonly text: string;
}

export const Messages = {
  UnsupportedStatement: {
    code: 990001,
    category: "error",
    text: "Cannot differentiate a '{0}' statement. Move it out of the differentiated function, or rewrite it with declarations, assignments, 'if'/'else', 'for', 'while' or 'do ... while'.",
  },
  UnsupportedExpression: {
    code: 990002,
    category: "error",
    text: "Cannot differentiate the expression '{0}'. Rewrite it with arithmetic, 'Math' functions and calls to functions whose source is in the program.",
  },
  UnresolvedCallee: {
    code: 990003,
    category: "error",
    text: "Cannot differentiate through '{0}': it has no derivative rule and its source is not available. Call a function declared in this program, or move the call out of the differentiated function.",
  },
  UnsupportedType: {
    code: 990004,
    category: "error",
    text: "'{0}' has type '{1}', which Cotangent cannot differentiate yet. Use numbers, 'number[]', 'number[][]', 'Float64Array', 'Float64Array[]', 'Float32Array', tuples or objects of these (and 'boolean' or 'boolean[]' for flags, integer typed arrays such as 'Int32Array' for index data); arrays of matrices ('number[][][]') and of records holding matrices only as parameters; write 'new Array<number>(n).fill(0)' for a number[].",
  },
  MarkerFunctionNotResolvable: {
    code: 990005,
    category: "error",
    text: "The function passed to '{0}' cannot be resolved at compile time. Pass a function declaration, a 'const' initialized with an arrow or function expression, or an inline arrow (for a method, one that calls it: '(x: number) => M.f(x)').",
  },
  ArgnumsNotLiteral: {
    code: 990006,
    category: "error",
    text: "'argnums' of '{0}' must be a number literal or an array literal of number literals, known at compile time.",
  },
  ArgnumsOutOfRange: {
    code: 990007,
    category: "error",
    text: "'argnums' index {0} is out of range: '{1}' has {2} parameter(s). Use an index from 0 to {3}.",
  },
  ArgnumsNotDifferentiable: {
    code: 990008,
    category: "error",
    text: "Parameter {0} ('{1}') of '{2}' has type '{3}', which this marker cannot differentiate with respect to. Choose in 'argnums' a number, array or object parameter ('jacfwd', 'jacrev', 'hessian' and 'hvp': a number or a one-dimensional array); an integer typed array ('Int32Array', 'Uint8Array', …) holds index data, which has no derivative; of the markers, only 'grad' and 'valueAndGrad' differentiate in an array of records.",
  },
  NonNumericResult: {
    code: 990009,
    category: "error",
    text: "'{0}' returns '{1}', but '{2}' needs a function that returns a 'number'.",
  },
  InternalError: {
    code: 990010,
    category: "error",
    text: "Internal error in Cotangent while differentiating '{0}': {1}. This is a bug in Cotangent; please report it with this function.",
  },
  UnsupportedLabel: {
    code: 990012,
    category: "error",
    text: "A label is supported on a loop, a 'switch', a block or an 'if'. Move the label '{0}' to a 'for', 'while' or 'do' loop, or around the statements in a block ('{0}: { … }').",
  },
  NoRuleForMathFunction: {
    code: 990013,
    category: "error",
    text: "'Math.{0}' has no derivative rule. Use a differentiable 'Math' function instead.",
  },
  MisplacedAnnotation: {
    code: 990014,
    category: "error",
    text: "'@differentiate' must be directly above a function declaration or a 'const' initialized with an arrow or function expression. A method needs no mark: it is differentiated where a marked function calls it, or by a marker of an arrow that calls it ('grad((x: number) => m.f(x))').",
  },
  UnsupportedOperator: {
    code: 990015,
    category: "error",
    text: "The operator '{0}' is not supported in a differentiated function. Use arithmetic operators, comparisons and '&&', '||', '!'.",
  },
  AssignmentToOuterVariable: {
    code: 990016,
    category: "error",
    text: "'{0}' is declared outside the differentiated function, and assigning to it would hide a side effect from the derivative. Assign only to locals and return the value instead.",
  },
  UnsupportedParameter: {
    code: 990017,
    category: "error",
    text: "Parameter '{0}' is optional, uses rest syntax, or has a default value that is not a constant number, boolean or string, which Cotangent does not support yet. Declare a plain parameter, or give it a constant default ('eps = 1e-8').",
  },
  MissingReturn: {
    code: 990018,
    category: "error",
    text: "'{0}' can reach its end without returning a number. Return a value on every path.",
  },
  UnsupportedFunctionKind: {
    code: 990019,
    category: "error",
    text: "Cannot differentiate '{0}': generators, 'async' functions, methods and accessors are not supported. Use a plain function.",
  },
  MarkerArity: {
    code: 990020,
    category: "error",
    text: "'{0}' expects {1}. See the 'cotangent' README for its signature.",
  },
  UnsupportedArrayOperation: {
    code: 990021,
    category: "error",
    text: "'{0}' is not supported on arrays yet. Read elements with 'a[i]', write elements of local arrays, and use '.length'.",
  },
  ArrayParameterWrite: {
    code: 990022,
    category: "error",
    text: "Cannot write into '{0}': a differentiated function may write into array parameters, but not into an object parameter's number fields. Copy the value into a local first.",
  },
  ArrayArgument: {
    code: 990024,
    category: "error",
    text: "Passing '{0}' to '{1}' is not supported yet: differentiated callees take numbers and arrays passed by name. Pass a named array or the object's fields.",
  },
  NonVectorResult: {
    code: 990025,
    category: "error",
    text: "'{0}' returns '{1}', but '{2}' needs a function that returns a 'number', a number array, a tuple of numbers or an object of numbers ('{ mean: number; spread: number }', not a class's instance).",
  },
  TryStatement: {
    code: 990027,
    category: "error",
    text: "Cannot differentiate a 'try' statement: exceptions are not part of a derivative. Move the 'try' into the caller, or test for the failing case with 'if' and return a value.",
  },
  ThrowStatement: {
    code: 990028,
    category: "error",
    text: "Cannot differentiate 'throw {0}': a differentiated function can throw 'new Error(message)', 'new RangeError(message)' or 'new TypeError(message)', with a message made of strings, numbers and booleans. Throw one of these, or check the inputs in the caller.",
  },
  ForInStatement: {
    code: 990029,
    category: "error",
    text: "Cannot differentiate a 'for ... in' loop: it iterates over property names. Loop over indices with 'for (let i = 0; i < a.length; i++)', or over elements with 'for ... of'.",
  },
  WithStatement: {
    code: 990030,
    category: "error",
    text: "Cannot differentiate a 'with' statement: it hides which variables are read. Name the object's fields explicitly ('o.a').",
  },
  NestedDeclaration: {
    code: 990031,
    category: "error",
    text: "Cannot differentiate the {0} '{1}' declared inside a differentiated function. Move it to the top level of the module: a top-level function called from here is differentiated too.",
  },
  EvalCall: {
    code: 990032,
    category: "error",
    text: "Cannot differentiate 'eval': the code it runs is not known at compile time. Write the computation as code in the function.",
  },
  NewFunction: {
    code: 990033,
    category: "error",
    text: "Cannot differentiate 'new Function(...)': its body is a string, unknown at compile time. Declare the function in the program and call it by name.",
  },
  ArgumentsObject: {
    code: 990034,
    category: "error",
    text: "Cannot differentiate 'arguments'. Declare each parameter by name and use the names.",
  },
  DeleteExpression: {
    code: 990035,
    category: "error",
    text: "Cannot differentiate 'delete': removing a field changes the object's shape. Build a new local object without the field instead.",
  },
  ThisState: {
    code: 990036,
    category: "error",
    text: "Cannot differentiate through 'this': state held by an object is invisible to the derivative. Pass the values the computation needs as parameters (an object parameter works).",
  },
  GeneratorFunction: {
    code: 990037,
    category: "error",
    text: "Cannot differentiate the generator '{0}'. Return an array of the values instead of yielding them.",
  },
  AsyncFunction: {
    code: 990038,
    category: "error",
    text: "Cannot differentiate the 'async' function '{0}'. Await the inputs in the caller and differentiate a synchronous function of the awaited values.",
  },
  AccessorProperty: {
    code: 990039,
    category: "error",
    text: "Cannot differentiate through the accessor '{0}': a getter or setter runs hidden code on property access. Call a top-level function that takes the object as a parameter instead.",
  },
  MethodCall: {
    code: 990040,
    category: "error",
    text: "Cannot differentiate through the method '{0}': a method is differentiated when it has a body and is called on its class or on an object the function holds by name (a parameter, a local object, one of their fields). Call it that way, or move the computation into a top-level function that takes the object as a parameter.",
  },
  DeclaredOnlyCallee: {
    code: 990041,
    category: "error",
    text: "Cannot differentiate through '{0}': it is declared without a body, so its source is not available. Call a function with a body in this program, or move the call out of the differentiated function.",
  },
  DeclarationFileCallee: {
    code: 990042,
    category: "error",
    text: "Cannot differentiate through '{0}': it comes from the declaration file '{1}', which holds no code. Call a function whose '.ts' source is in the program, or move the call out of the differentiated function.",
  },
  DynamicCall: {
    code: 990043,
    category: "error",
    text: "Cannot differentiate the call '{0}': the function is chosen at run time by a computed property name. Call each function by name, choosing between the calls with 'if'/'else'.",
  },
  ValueToUnknownFunction: {
    code: 990044,
    category: "error",
    text: "'{0}' is passed to '{1}', a function value whose body is not known at compile time, so the derivative cannot flow through the call. Call a function declared in this program by name.",
  },
  AnyInArithmetic: {
    code: 990045,
    category: "error",
    text: "'{0}' has type 'any', so Cotangent cannot tell that it is a number. Declare it with the type 'number' (or a number array).",
  },
  NonNumericArithmetic: {
    code: 990046,
    category: "error",
    text: "'{0}' has type '{1}': '+' on a string concatenates text and has no derivative. Strings can choose branches ('mode === \"l1\"'); build text in the caller, or convert it to numbers there and pass the numbers in.",
  },
  PropertyWriteThroughAlias: {
    code: 990047,
    category: "error",
    text: "Cannot write '{0}': the object is not a local object of this function, so the write may change an object the caller sees under another name. Copy it into a local object ('const o = { ...p }') and write the copy's fields.",
  },
  BitwiseOperator: {
    code: 990048,
    category: "warning",
    text: "The bitwise operator '{0}' truncates a value that depends on a differentiated input to a 32-bit integer, so its derivative is 0 there. If that is not intended, use arithmetic instead; 'Math.trunc' states the intent.",
  },
  RandomIsConstant: {
    code: 990049,
    category: "warning",
    text: "'Math.random()' is treated as a constant: its derivative is 0. To make that explicit, draw the random numbers in the caller and pass them in.",
  },
  OverloadAnnotation: {
    code: 990050,
    category: "error",
    text: "'@differentiate' is above an overload signature of '{0}'. Put it directly above the implementation (the declaration with a body).",
  },
  MarkerResultArity: {
    code: 990051,
    category: "error",
    text: "'{0}' gives {1} value(s) to '{2}', which has {3} parameter(s). Pass one value per parameter of '{2}'.",
  },
  NoParameters: {
    code: 990052,
    category: "error",
    text: "'{0}' has no parameters, so there is nothing to differentiate it with respect to. Give it the inputs as parameters.",
  },
  GradIntoScalar: {
    code: 990053,
    category: "error",
    text: "'gradInto' writes gradients into arrays the caller passes, but the gradient of '{0}' (a '{1}') is not a one-dimensional array. Use 'valueAndGrad' for it, or pass the value in a 'Float64Array'.",
  },
  GradIntoRepeated: {
    code: 990054,
    category: "error",
    text: "'gradInto' is given parameter {0} more than once in 'argnums', so one of its output arrays would never be written. List each parameter once.",
  },
  SecondOrderCalleeWrites: {
    code: 990055,
    category: "error",
    text: "'{0}' cannot yet differentiate '{1}' twice through '{2}', which writes into its parameters. Have '{2}' return its result instead of writing it into an array argument.",
  },
  SecondOrderWrites: {
    code: 990056,
    category: "error",
    text: "'{0}' cannot yet differentiate '{1}' twice: it writes into its parameter '{2}'. Write into a local array instead, or compute the second derivative of a function that returns the value.",
  },
  UnsupportedDestructuring: {
    code: 990057,
    category: "error",
    text: "Cannot destructure '{0}' yet: default values, rest elements, computed keys and values other than objects, tuples and arrays are not supported. Read the fields one by one ('const a = o.a').",
  },
  InlinedReadsItsModule: {
    code: 990058,
    category: "error",
    text: "'{0}' is inlined where it is called (as a function returning an array, an object or a tuple, a method, a constructor, a closure, or a function held in a table or given to a helper is), but it reads '{1}' from its own module, which the caller's module cannot see. Pass '{1}' to '{0}' as a parameter, or declare '{0}' in the caller's module.",
  },
  RecursiveInlined: {
    code: 990059,
    category: "error",
    text: "'{0}' calls itself, directly or through other functions, but it is inlined where it is called (a function returning an array, a method, a constructor), so it cannot be recursive. Write the recursion as a top-level function that returns a number, or one that writes its result into an array parameter ('function f(…, out: Float64Array): void').",
  },
  SeveralArrayReturns: {
    code: 990060,
    category: "error",
    text: "'{0}' returns '{1}', an array it did not create, from one of several 'return' statements: each such 'return' gives a copy, where JavaScript gives the array itself. Return a copy ('{1}.slice()'), or end '{0}' with its only 'return'.",
  },
  OverriddenMethod: {
    code: 990061,
    category: "error",
    text: "Cannot differentiate through the method '{0}': a class of the program overrides it, so which body runs depends on the object's class at run time. Call a top-level function that takes the object instead.",
  },
  UnsupportedConstruction: {
    code: 990062,
    category: "error",
    text: "Cannot construct an object of class '{0}' in a differentiated function: only a class that extends no other, whose field initializers do not read 'this' and whose constructor does not 'return', can be constructed here. Construct it in the caller and pass it as a parameter.",
  },
  ObjectCallReturns: {
    code: 990063,
    category: "error",
    text: "Cannot differentiate through '{0}': it returns an object or a tuple from several 'return' statements, which Cotangent inlines only when the object holds numbers and objects of numbers (no arrays), of the same fields at each 'return'. Build the value in locals and return it once, at the end.",
  },
  LogicalOnValues: {
    code: 990064,
    category: "error",
    text: "'{0}' uses '{1}' on values that are not booleans, where it picks one operand as the result; Cotangent supports '&&' and '||' between booleans. Write the choice out ('x !== 0 ? x : 1' for 'x || 1').",
  },
  ObjectReassigned: {
    code: 990065,
    category: "error",
    text: "Cannot assign '{0}': '{1}' is a parameter or declared without a value, or an array field would get an array another name holds (or give up one held or walked elsewhere). Cotangent copies only new arrays into a local object's own: give the fields new arrays ('{ ...s, pos: s.pos.map(f) }'), declare the object with arrays of its own ('{ pos: x.slice() }'), or declare a new 'const' for the new object.",
  },
  SharedObjectWritten: {
    code: 990066,
    category: "error",
    text: "Cannot assign '{0}' here: another variable holds the same object, and this function writes object fields ('{1}'), which Cotangent cannot follow through two names. Assign a new object ('{ ...o }' copies the fields), or set the fields one by one.",
  },
  RuntimeAliasTaken: {
    code: 990067,
    category: "error",
    text: "'{0}' is declared at the top level of this module, where the generated derivatives name Cotangent's runtime. Rename it.",
  },
  TupleComputedIndex: {
    code: 990068,
    category: "error",
    text: "'{0}' reads the tuple '{1}' at an index computed at run time: Cotangent keeps a tuple's elements in variables of their own, read at literal indices ('{1}[0]'). Index a number[] or a Float64Array instead.",
  },
  PrintLeftOut: {
    code: 990069,
    category: "warning",
    text: "'{0}' prints when the function itself is called; its derivatives leave the print out, since it has no derivative. To see values while differentiating, print them in the caller.",
  },
  PrivateFieldParameter: {
    code: 990070,
    category: "error",
    text: "Parameter '{0}' has type '{1}', whose field '{2}' is private to its class: the generated derivatives, outside the class, cannot read it. Make it a TypeScript 'private' field, or construct the object inside the function.",
  },
  InvalidOption: {
    code: 990071,
    category: "error",
    text: "The Cotangent option '{0}' must be {1}, not {2}. Fix it in the 'cotangent/transform' entry of tsconfig.json's 'plugins', or in the options given to the tool.",
  },
  LoopInLoopHeader: {
    code: 990072,
    category: "error",
    text: "'{0}' becomes a loop of its own here (an inlined function or an array method), which a loop's {1} cannot hold. Compute the value in a variable first: 'while (true) { const v = …; if (!(…)) break; … }', or before the loop and again at the end of its body.",
  },
  PrintWithEffects: {
    code: 990073,
    category: "error",
    text: "'{0}' prints values whose computation may change something (an assignment, a call of the program, a getter), and its derivatives would leave it out. Compute the values in statements of their own, then print them.",
  },
  NullishOperand: {
    code: 990074,
    category: "error",
    text: "'{0}' may be null or undefined, so '??' would choose between a number and a value Cotangent cannot differentiate. Give it a number (a parameter, a field that is not optional); '??' after an element read ('x[i] ?? 0') is supported.",
  },
  ArrayRebinding: {
    code: 990075,
    category: "error",
    text: "'{0}' would leave two names for one array (another variable, a field, a closure, or a loop or method still walking the old one), which Cotangent does not follow. Assign a new array ('y = next.slice()', 'y = y.map(f)') to a local declared as a new array ('let y = x.slice()', not 'let y = x'), outside loops over it; a 'const' declared just before in the same block and read nowhere afterwards may be assigned as it is, and local arrays may trade places ('[a, b] = [b, a]').",
  },
  SortWithoutComparator: {
    code: 990076,
    category: "error",
    text: "'{0}' would compare the numbers as text, as JavaScript's sort does without a comparator ('[10, 9].sort()' keeps [10, 9]). Pass one: 'x.sort((a, b) => a - b)'.",
  },
  SpreadHypot: {
    code: 990077,
    category: "error",
    text: "'{0}' sums the squares the engine's own way, which a loop here would not match to the last bit. Write the norm out, 'Math.sqrt(x.reduce((s, v) => s + v * v, 0))', or list the arguments: 'Math.hypot(x[0], x[1], x[2])'.",
  },
  SharedMatrixRow: {
    code: 990078,
    category: "error",
    text: "'{0}' cannot become a row of '{1}': JavaScript would share the array between them, so that writing one would change the other. Give the matrix a new array ('{0}.slice()', a literal, a 'map'), or a local array declared just for the row and not used after.",
  },
  BuiltMatrixArgument: {
    code: 990079,
    category: "error",
    text: "'{0}' is a matrix '{1}' builds, which Cotangent can pass only to a function it inlines; '{2}' calls itself, directly or through other functions. Pass the rows one at a time, or build the matrix in the callee.",
  },
  RowNameAcrossReplacement: {
    code: 990080,
    category: "error",
    text: "'{0}' replaces rows of '{1}' where '{2}' names one of its rows, which JavaScript would leave naming the old row. Read the row again after the assignment ('{1}[i]') instead of keeping a name for it; to swap two rows, write '[{1}[i], {1}[j]] = [{1}[j], {1}[i]]'.",
  },
  RowAsArray: {
    code: 990081,
    category: "error",
    text: "'{0}' is a row of the matrix '{1}' where an array of its own is needed ({2}); JavaScript would share the row, so that writes through either would show in both, which a copy cannot follow. Copy it ('{0}.slice()'), or read it where it is.",
  },
  ComparatorWrites: {
    code: 990082,
    category: "error",
    text: "The comparator of '{0}' changes '{1}', which outlives one comparison; Cotangent's sort calls it in another order and another number of times than JavaScript's. Compute it before or after sorting, from the sorted result.",
  },
  NestedMarkerUnsupported: {
    code: 990083,
    category: "error",
    text: "'{0}' cannot differentiate '{1}': a derivative is differentiated once more only when it is a gradient, by 'grad', 'valueAndGrad', 'jvp', 'vjp', 'jacfwd' or 'jacrev' (second derivatives; 'hessian(f)' and 'hvp(f)' give them directly). Third derivatives are not supported.",
  },
  NestedNotGradient: {
    code: 990084,
    category: "error",
    text: "'{0}' can differentiate '{1}' only when it is the gradient of a function returning a number in one parameter, a number or a one-dimensional array: 'grad(f)' or 'grad(f, k)', or 'jacfwd'/'jacrev' of such an f. For mixed second derivatives in several parameters, use 'hessian(f, [j, k])'.",
  },
  GradientCallUnsupported: {
    code: 990085,
    category: "error",
    text: "Cannot differentiate the call of '{0}' inside a differentiated function: {1}. A gradient called there must be 'grad(f)(…)' or 'grad(f, k)(…)' (or a 'const' naming 'grad(f)'), of an f that returns a number and takes numbers and arrays of numbers; compute anything else outside the function.",
  },
  ThirdOrder: {
    code: 990086,
    category: "error",
    text: "'{0}' cannot differentiate '{1}' twice: it calls the gradient '{2}', so that would take third derivatives, which are not supported. Take one derivative fewer, or compute the gradient outside the function.",
  },
  NestedMatrixParameter: {
    code: 990087,
    category: "error",
    text: "'{0}' of a gradient of '{1}' would differentiate in '{2}', a matrix, in which Hessian products are not taken yet. Use 'jacfwd' or 'jacrev' of the gradient with 'argnums' naming the other parameters, or pass the matrix's rows as arrays.",
  },
  SharedView: {
    code: 990088,
    category: "error",
    text: "'{0}' is a view sharing the numbers of '{1}', which Cotangent supports only where the view is read where it is made or through locals (not returned, stored or captured), nothing writes it or its array, and the array is a parameter or a local declared as a new array (not a module's array or a matrix's row). Copy them with '{1}.slice(…)' instead, or index '{1}' directly.",
  },
  SpreadArguments: {
    code: 990089,
    category: "error",
    text: "'{0}' spreads an array into the arguments of '{1}', which Cotangent does not follow. Pass the elements one by one ('a[0], a[1]').",
  },
  ObjectFieldReplaced: {
    code: 990090,
    category: "error",
    text: "Cannot write '{0}': it holds an object, and Cotangent follows the number and array fields of a local object, not a new object put in one. Write the fields of the object it holds ('{0}.x = …'), or keep that object in a variable of its own ('let pos = …; pos = new V(…)').",
  },
  ArrayOfHoles: {
    code: 990091,
    category: "error",
    text: "'{0}' makes an array of empty slots, which read as undefined (NaN in arithmetic). Fill it ('new Array<number>(n).fill(0)'), write every element in a loop right after it ('for (let i = 0; i < n; i++) out[i] = …;', nothing leaving the loop early), or use 'new Float64Array(n)'.",
  },
  GeneralArrayLocal: {
    code: 990092,
    category: "error",
    text: "'{0}' has type '{1}', which may hold more than one kind of array; Cotangent reads parameters of such types, but a value made from one (a local, 'a.map(f)', 'a.slice(1)') must have one kind. Copy the parameter into one first ('Array.from(a)', 'new Float64Array(a)'), or give a local one type ('const c: number[] = …').",
  },
  OutsideMatrixWrite: {
    code: 990093,
    category: "error",
    text: "Cannot write into '{0}': a differentiated function writes the rows of matrices it builds, but not those of a parameter's or another outside matrix ('number[][]'). Copy the matrix into a local first ('const M = A.map((row) => row.slice())') and write the copy.",
  },
  SharedMatrixRows: {
    code: 990094,
    category: "error",
    text: "The rows of '{0}' cannot become the rows of '{1}' as they are: JavaScript would share each row between the two matrices, so that writing one would change the other. Copy the rows ('{0}.map((row) => row.slice())').",
  },
  ArrayFieldReplaced: {
    code: 990095,
    category: "error",
    text: "Cannot give '{0}' a new array: Cotangent follows the array an object's field holds from where the object is made. Write into its elements ('{0}[i] = …'), or make a new object in a 'let' variable ('{1} = { ...{1}, {2}: next }').",
  },
  UndefinedAssigned: {
    code: 990096,
    category: "error",
    text: "'{0}' may be undefined where Cotangent cannot tell, so the flag it keeps for whether '{1}' holds a number cannot follow the assignment. Assign a number ('{0}!', '{0} ?? 0') or 'undefined' itself.",
  },
  ObjectArrayField: {
    code: 990097,
    category: "error",
    text: "'{0}' is an array of objects ('{1}') held in an object's field, which Cotangent cannot read yet: arrays of objects are read as data (not differentiated) as parameters, fields of object parameters and module constants, where their objects hold numbers, flags, strings, arrays of numbers and objects of these (no matrices). Give each array a field of its own ('{ w1, b1, w2, b2 }'), or pass the weights as one 'Float64Array'.",
  },
  ElementMethodCall: {
    code: 990098,
    category: "error",
    text: "Cannot call the method '{0}' on '{1}', an element of the array of objects '{2}': Cotangent reads such arrays as data, field by field ('{1}.x'), not as objects whose methods run. Read the fields, or make an object of them first ('new {3}(…)') and call the method on it.",
  },
  AliasedArrayArguments: {
    code: 990099,
    category: "error",
    text: "'{0}' is passed to '{1}' for two parameters, and '{1}' writes into an array parameter: its derivatives keep one adjoint per parameter, which cannot follow one array under two names (they stop at run time). Pass a copy for one of them ('{0}.slice()').",
  },
  LogicalAssignmentToElement: {
    code: 990100,
    category: "error",
    text: "'{0}' assigns an array's element with '{1}', which Cotangent does not lower yet. Write the assignment out: '{2} = {2} {3} …'.",
  },
  // 990101 to 990103: standalone derivative modules (`cotangent emit`), numbered apart from the compiler's own codes,
  // which go on at 990104.
  NothingToDifferentiate: {
    code: 990101,
    category: "error",
    text: "'{0}' has no parameter to differentiate. Give it a 'number', number array or object parameter, or remove '// @differentiate'.",
  },
  NotExportedForDerivatives: {
    code: 990102,
    category: "error",
    text: "'{0}' is not exported, but the derivatives of '{1}' generated into '{2}' use it. Export '{0}' from this file.",
  },
  HvpNotWritten: {
    code: 990103,
    category: "warning",
    text: "No Hessian-vector product is written for '{0}' (its tangent and adjoint are): {1}",
  },
  RecordsGradientUse: {
    code: 990104,
    category: "error",
    text: "'{0}' is in argnums, but {1}. A gradient in an array of records is taken in its elements' number fields, up to four objects deep: keep such a field out of the elements (pass it as a parameter of its own), or leave '{0}' out of argnums.",
  },
  RecordRebinding: {
    code: 990105,
    category: "error",
    text: "'{0}' would make '{1}' name an element of another array of records (or another object inside the elements). A 'let' naming an element ('let best = obs[0]') can be given other elements of the same array ('best = obs[k]'): declare another variable for the other array's elements.",
  },
  FunctionArgumentToRecursive: {
    code: 990106,
    category: "error",
    text: "'{0}' is given a function ('{1}') and calls itself, directly, through other functions or inside a function it is given. A helper given a function is inlined where it is called, with its parameter naming that function, so it cannot run inside itself: write the recursion as a loop, give the inner use a helper of its own (a double integral: a second integrator), or have '{0}' call the function by name instead of taking it as a parameter.",
  },
  SecondOrderDraws: {
    code: 990107,
    category: "error",
    text: "'{0}' of '{1}' would take second derivatives of random numbers drawn by {2}, which its second-order code would draw more than once per product, each time anew. Draw the numbers in the caller and pass them in ('Math.random()' is a constant of the computation), or use 'hessian' or 'hvp' of a function that draws them itself.",
  },
  OptionsObjectValue: {
    code: 990108,
    category: "error",
    text: "'{0}' is an options object a call may leave out, and Cotangent reads its fields, not the object: a test of it ('{0} ? … : …', '{0} !== undefined') or the object as a value cannot tell a left-out object from an empty one. Read its fields ('{0}?.{1} ?? 1', '{ {1} = 1 } = {}').",
  },
  ObjectIdentity: {
    code: 990109,
    category: "error",
    text: "'{0}' compares objects, which Cotangent holds as their fields, not as the objects: the comparison cannot be made. Compare elements of one array of records where they are elements ('q !== p' over 'ps'), or compare fields or indices.",
  },
  UnsupportedMaker: {
    code: 990110,
    category: "error",
    text: "'{0}' is a function made by '{1}', which Cotangent inlines where the function is made only when its last statement returns an arrow or function expression, no statement returns before it, and it does not call itself. Write '{1}' that way ('function {1}(k: number) { const c = …; return (x: number) => c * x; }'), or declare the function where it is used.",
  },
  ReassignedInPlaceName: {
    code: 990111,
    category: "error",
    text: "'{0}' names {1}, which Cotangent reads in place, so the name cannot be given another value. Give each value a 'const' of its own ('const next = …').",
  },
  InPlaceValue: {
    code: 990112,
    category: "error",
    text: "'{0}' is {1}, which Cotangent reads in place: index it ('{0}[i]', '{0}.length', 'for (const … of {0})') or give it to a helper Cotangent inlines. It cannot be used as an array of its own, as a method's object ('{0}.map(…)') or given to a function Cotangent calls rather than inlines (one that calls itself or returns early).",
  },
  MixedMatrixRecords: {
    code: 990113,
    category: "error",
    text: "'{0}' holds records that hold matrices ('{1}'), which Cotangent reads by their fields, each a number, an array of numbers or a matrix; its field '{2}' is none of these (a string, a flag, an optional or computed field, an object). Keep that field's values in an array of their own, or the matrices in one ('Ws: number[][][]').",
  },
  MatricesNotParameter: {
    code: 990114,
    category: "error",
    text: "'{0}' is an array of matrices or of records that hold matrices ('{1}'), which Cotangent reads only from a parameter of the function it differentiates or of a helper it inlines, not from an object's field, a module constant or a local. Pass '{0}' as a parameter of its own.",
  },
  SharedRecord: {
    code: 990115,
    category: "error",
    text: "Only object literals can be added to '{1}', which Cotangent holds field by field: '{0}' may be an object something else holds, which JavaScript would share, so that a write through either would show in both. Add an object literal ('{ x: p.x, y: p.y }').",
  },
  RecordResultField: {
    code: 990116,
    category: "error",
    text: "'{0}' returns '{1}', whose field '{2}' is none of a number, an array of numbers, an object or a tuple of them: a differentiated function returns a number, an array of numbers, or an object of these (nested up to five levels, stored fields: no getters, methods, optional fields, matrices or rest elements). Return that field's numbers as fields of their own, or compute it outside the function.",
  },
  MarkerOptions: {
    code: 990117,
    category: "error",
    text: "'{0}' takes its options as an object literal written in the call, '{ hasAux: true }' or '{ hasAux: false }'. Write them there, with a 'true' or 'false' literal.",
  },
  AuxResult: {
    code: 990118,
    category: "error",
    text: "'{0}' returns '{1}', but '{2}' with '{ hasAux: true }' needs a function that returns '[loss, aux]': the loss a number, aux a number, an array of numbers or an object of them (metrics, predictions). Return the pair as a tuple literal ('return [loss, aux]'), or compute what aux holds outside the function.",
  },
  AuxRerun: {
    code: 990119,
    category: "error",
    text: "'{1}' with '{ hasAux: true }' runs '{0}' once more to size its seed, as its aux holds arrays, and '{0}' writes into its parameters or draws random numbers, which a second run would do again. Return aux as numbers or objects of numbers, or move the writes and draws into the caller.",
  },
  NestedAux: {
    code: 990120,
    category: "error",
    text: "'{0}' cannot differentiate '{1}': a gradient with '{ hasAux: true }' gives '[gradient, aux]', which is not differentiated again. Differentiate the gradient of a function that returns the loss alone ('(x) => f(x)[0]'), and call 'f' for its aux.",
  },
  ReduceUnsupported: {
    code: 990121,
    category: "error",
    text: "Cannot differentiate '{0}', a reduce to an object or an array: {1}. Write it as a loop that updates the object's fields or gives the array variable new arrays.",
  },
  EvolvingArray: {
    code: 990122,
    category: "error",
    text: "'{0}' is declared as '[]' without a type, and its uses ({1}) do not make it one array of numbers or matrix Cotangent reads. Write its type where it is declared ('const {0}: {2} = []').",
  },
} as const satisfies Record<string, Message>;

/** Fills `{0}`, `{1}`… in a message's text. */
export function formatMessage(message: Message, args: readonly (string | number)[]): string {
  return message.text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
}

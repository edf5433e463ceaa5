/**
 * Arrays of matrices ('Ws: number[][][]', a network's weights layer by layer) as generated code takes them: the
 * matrices' rows one after another, the same row objects (no number is copied), and where each matrix's rows start.
 * A gradient's rows come back grouped as the primal's are.
 */

/**
 * The rows of every matrix of `matrices`, in order: `matrices.flat()`, written out so that it stays monomorphic. A
 * tangent (`what` names it) must have as many matrices as its primal `like`, each with as many rows: the generated
 * code checks the rows' lengths, and a tangent whose rows were grouped otherwise would be read as another direction.
 */
export function matrixRows<Row>(
  matrices: ArrayLike<ArrayLike<Row>>,
  like?: ArrayLike<ArrayLike<unknown>>,
  what = "",
): Row[] {
  if (like && matrices.length !== like.length) {
    throw new RangeError(`cotangent: ${what} has ${matrices.length} matrices where its primal has ${like.length}`);
  }
  for (let m = 0; like && m < like.length; m++) {
    if (matrices[m].length !== like[m].length) {
      const rows = `${matrices[m].length} rows where its primal's has ${like[m].length}`;
      throw new RangeError(`cotangent: matrix ${m} of ${what} has ${rows}`);
    }
  }
  let count = 0;
  for (let m = 0; m < matrices.length; m++) count += matrices[m].length;
  const rows: Row[] = new Array(count);
  let at = 0;
  for (let m = 0; m < matrices.length; m++) {
    const matrix = matrices[m];
    for (let i = 0; i < matrix.length; i++) rows[at++] = matrix[i];
  }
  return rows;
}

/** Where each matrix's rows start among matrixRows's, and after the last one where a next one would: one entry more. */
export function rowStarts(matrices: ArrayLike<ArrayLike<unknown>>): Int32Array {
  const starts = new Int32Array(matrices.length + 1);
  for (let m = 0; m < matrices.length; m++) starts[m + 1] = starts[m] + matrices[m].length;
  return starts;
}

/** `rows` grouped into matrices of the row counts `like`'s have: a gradient shaped as its primal. */
export function groupRows<Row>(rows: readonly Row[], like: ArrayLike<ArrayLike<unknown>>): Row[][] {
  const matrices: Row[][] = new Array(like.length);
  let at = 0;
  for (let m = 0; m < like.length; m++) {
    const matrix: Row[] = new Array(like[m].length);
    for (let i = 0; i < matrix.length; i++) matrix[i] = rows[at++];
    matrices[m] = matrix;
  }
  return matrices;
}

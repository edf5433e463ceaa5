/** Every benchmark problem, in report order. */
import type { Problem } from "../harness/problem";
import { rosenbrockProblem } from "./rosenbrock";

export const PROBLEMS: readonly Problem[] = [rosenbrockProblem];

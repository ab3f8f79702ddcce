// Gates on run metrics: specs (validated from configuration), evaluation, and the burn-in defaults.
export { DEFAULT_BURN_IN_GATES } from './defaults.js';
export { evaluateGates, type GateEvaluation, type GateOutcome, type GateResult } from './evaluate.js';
export {
  compare,
  gateName,
  GATE_OPS,
  GateSpecSchema,
  GateSpecsSchema,
  type GateOp,
  type GateSpec,
} from './gate-spec.js';

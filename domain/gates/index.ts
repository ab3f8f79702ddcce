// Gates on run metrics: specs (validated from configuration), evaluation, and the named profiles.
export {
  CUSTOM_GATE_PROFILE,
  DEFAULT_BURN_IN_GATES,
  DEFAULT_GATE_PROFILE,
  GATE_PROFILE_NAMES,
  GATE_PROFILES,
  gatesEqual,
  profileOfGates,
  type GateProfileName,
  type RecordedGateProfile,
} from './defaults.js';
export { evaluateGates, type GateEvaluation, type GateOutcome, type GateResult } from './evaluate.js';
export {
  compare,
  gateName,
  GATE_OPS,
  GateSpecSchema,
  GateSpecsSchema,
  parseStoredGateSpec,
  upgradeStoredGateSpec,
  type GateOp,
  type GateSpec,
} from './gate-spec.js';

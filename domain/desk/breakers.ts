import type { Limit } from '../risk/snapshot.js';
import { drawdownPct } from '../risk/equity.js';
import type { ActiveBreaker, BreakerName } from './desk-state.js';

export interface BreakerLimits {
  maxDrawdownPct: Limit;
  /** Below this drawdown a tripped drawdown breaker clears; defaults to maxDrawdownPct. */
  drawdownResumePct: number | undefined;
  maxDailyLoss: Limit;
  maxErrorsPerMinute: Limit;
}

/** The account's figures at one assessment. Unknown figures neither trip nor clear a breaker. */
export interface BreakerReadings {
  equity: number | null;
  peakEquity: number | null;
  startOfDayEquity: number | null;
  /** Venue rejects and failed submissions in the last minute. */
  errorsLastMinute: number;
}

export interface BreakerChange {
  name: BreakerName;
  reason: string;
}

export interface BreakerAssessment {
  trip: BreakerChange[];
  clear: BreakerChange[];
  /** Overridden breakers whose condition is gone: they guard again from now on. */
  rearm: BreakerName[];
}

const numeric = (limit: Limit): limit is number => typeof limit === 'number' && Number.isFinite(limit);

type Condition = { state: 'trip' | 'hold' | 'clear'; text: string } | null;

function conditions(
  limits: BreakerLimits,
  readings: BreakerReadings,
): Partial<Record<BreakerName, Condition>> {
  const result: Partial<Record<BreakerName, Condition>> = {};
  const drawdown = drawdownPct(readings.equity, readings.peakEquity);
  if (numeric(limits.maxDrawdownPct) && drawdown !== null) {
    const resumeAt = Math.min(limits.drawdownResumePct ?? limits.maxDrawdownPct, limits.maxDrawdownPct);
    const text = `drawdown ${drawdown.toFixed(2)}% from peak ${readings.peakEquity!.toFixed(2)}`;
    result.drawdown =
      drawdown >= limits.maxDrawdownPct
        ? { state: 'trip', text: `${text} ≥ ${limits.maxDrawdownPct}%` }
        : drawdown < resumeAt
          ? { state: 'clear', text: `${text} < ${resumeAt}%` }
          : { state: 'hold', text: `${text}, not yet below ${resumeAt}%` };
  }
  if (numeric(limits.maxDailyLoss) && readings.equity !== null && readings.startOfDayEquity !== null) {
    const loss = readings.startOfDayEquity - readings.equity;
    const text = `loss today ${loss.toFixed(2)}`;
    result.dailyLoss =
      loss >= limits.maxDailyLoss
        ? { state: 'trip', text: `${text} ≥ ${limits.maxDailyLoss}` }
        : { state: 'clear', text: `${text} < ${limits.maxDailyLoss}` };
  }
  if (numeric(limits.maxErrorsPerMinute)) {
    const text = `${readings.errorsLastMinute} venue errors in the last minute`;
    result.errorRate =
      readings.errorsLastMinute >= limits.maxErrorsPerMinute
        ? { state: 'trip', text: `${text} ≥ ${limits.maxErrorsPerMinute}` }
        : { state: 'clear', text: `${text} < ${limits.maxErrorsPerMinute}` };
  }
  return result;
}

/**
 * Which automatic breakers trip, clear or re-arm now. Drawdown has hysteresis (trips at
 * maxDrawdownPct, clears only below drawdownResumePct); daily loss clears when the day's loss is
 * under its limit again (a new venue day); the error rate when the last minute is under its limit.
 * An operator's forced resume overrides the breakers holding then: they do not trip again until
 * their condition has cleared once. The reconciliation breaker is reconciliation's own, never here.
 */
export function assessBreakers(
  active: readonly ActiveBreaker[],
  overridden: readonly BreakerName[],
  limits: BreakerLimits,
  readings: BreakerReadings,
): BreakerAssessment {
  const assessment: BreakerAssessment = { trip: [], clear: [], rearm: [] };
  for (const [name, condition] of Object.entries(conditions(limits, readings)) as [
    BreakerName,
    Condition,
  ][]) {
    if (condition === null) continue;
    const holding = active.some((breaker) => breaker.name === name);
    if (condition.state === 'trip' && !holding && !overridden.includes(name))
      assessment.trip.push({ name, reason: condition.text });
    if (condition.state === 'clear' && holding) assessment.clear.push({ name, reason: condition.text });
    if (condition.state === 'clear' && overridden.includes(name)) assessment.rearm.push(name);
  }
  return assessment;
}

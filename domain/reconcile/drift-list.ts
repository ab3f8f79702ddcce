// Building drifts and turning them into the diff's verdict. The order of the drifts is part of the
// contract: the same input must list the same drifts in the same order, run after run.
import { compareText } from './keys.js';
import type { Drift, DriftKind, DriftSeverity, ReconcileDiff } from './types.js';
import { DRIFT_KINDS, DRIFT_SEVERITIES } from './types.js';

export function drift(
  fields: Pick<Drift, 'kind' | 'severity' | 'detail' | 'action' | 'facts'> & Partial<Drift>,
): Drift {
  return {
    clientOrderId: null,
    symbol: null,
    tradeId: null,
    asset: null,
    ...fields,
  };
}

function severityRank(severity: DriftSeverity): number {
  return DRIFT_SEVERITIES.indexOf(severity);
}

function kindRank(kind: DriftKind): number {
  return DRIFT_KINDS.indexOf(kind);
}

function compareDrifts(a: Drift, b: Drift): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    compareText(a.clientOrderId ?? '', b.clientOrderId ?? '') ||
    compareText(a.tradeId ?? '', b.tradeId ?? '') ||
    compareText(a.asset ?? '', b.asset ?? '')
  );
}

/**
 * Sorts the drifts and grades the whole. The sort is stable, so drifts that tie (two trades with
 * one id on different symbols) keep the order in which they were found.
 */
export function classifyDrifts(found: readonly Drift[]): ReconcileDiff {
  const drifts = [...found].sort(compareDrifts);
  let worst: DriftSeverity | null = null;
  for (const { severity } of drifts)
    if (worst === null || severityRank(severity) > severityRank(worst)) worst = severity;
  return { drifts, worst, critical: drifts.some((d) => d.severity === 'critical') };
}

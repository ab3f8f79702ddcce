import type { DeskMode } from '../risk/snapshot.js';

export type DeskEventKind = 'MODE_CHANGED' | 'BREAKER_TRIPPED' | 'BREAKER_CLEARED';
export type AlertSeverity = 'info' | 'warn' | 'critical';

/**
 * How loudly a desk change is alerted. A halt, by an operator or a breaker, stops trading: critical.
 * Any other mode change: warn. A breaker that clears leaves the desk as it was (still HALTED, until an
 * operator resumes it): that is good news, not a second page, so info.
 */
export function deskAlertSeverity(kind: DeskEventKind, newMode: DeskMode): AlertSeverity {
  if (kind === 'BREAKER_CLEARED') return 'info';
  if (kind === 'BREAKER_TRIPPED' || newMode === 'HALTED') return 'critical';
  return 'warn';
}

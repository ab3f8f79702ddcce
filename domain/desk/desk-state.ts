import type { DeskMode } from '../risk/snapshot.js';

/** A breaker that holds the desk: set when it tripped, cleared only when its condition is gone. */
export interface ActiveBreaker {
  name: BreakerName;
  reason: string;
  since: number;
}

export const BREAKER_NAMES = ['drawdown', 'dailyLoss', 'errorRate', 'reconciliation'] as const;
export type BreakerName = (typeof BREAKER_NAMES)[number];

export interface DeskState {
  account: string;
  mode: DeskMode;
  reason: string;
  actor: string;
  /** When the current mode began (epoch ms). */
  since: number;
  breakers: ActiveBreaker[];
  /** Breakers an operator resumed past (forced): they re-arm once their condition clears. */
  overridden: BreakerName[];
}

export type DeskRequestKind = 'halt' | 'closeOnly' | 'resume';

/** An operator's request, from the UI (signal) or the CLI (update). */
export interface DeskRequest {
  kind: DeskRequestKind;
  reason: string;
  actor: string;
  /** resume only: resume although breakers still hold (the reason says why). */
  force?: boolean;
  /** halt only: also cancel every open order of the account. */
  cancelOpen?: boolean;
}

export const MODE_OF_REQUEST: Record<DeskRequestKind, DeskMode> = {
  halt: 'HALTED',
  closeOnly: 'CLOSE_ONLY',
  resume: 'ACTIVE',
};

const KIND_TEXT: Record<DeskRequestKind, string> = {
  halt: 'halt',
  closeOnly: 'close-only',
  resume: 'resume',
};

/**
 * Why a request cannot be carried out, or null when it can. A reason is always required (the audit
 * trail must say why); resuming while a breaker holds needs force, and a forced resume a reason.
 */
export function refusalOf(state: DeskState, request: DeskRequest): string | null {
  if (!['halt', 'closeOnly', 'resume'].includes(request.kind))
    return `unknown desk request "${String(request.kind)}": use halt, closeOnly or resume`;
  if (typeof request.reason !== 'string' || request.reason.trim() === '')
    return `a ${request.kind} needs a reason (it is kept in the desk's audit trail)`;
  // Resume and close-only both loosen a halt: neither gets past a holding breaker without force.
  if (request.kind !== 'halt' && state.breakers.length > 0 && request.force !== true) {
    const holding = state.breakers.map((breaker) => `${breaker.name} (${breaker.reason})`).join('; ');
    return `breakers still hold: ${holding}; ${KIND_TEXT[request.kind]} with force and a reason to override`;
  }
  return null;
}

/** The state after an accepted request. A request for the current mode still records who and why. */
export function applyDeskRequest(state: DeskState, request: DeskRequest, at: number): DeskState {
  const mode = MODE_OF_REQUEST[request.kind];
  return {
    ...state,
    mode,
    reason: request.reason.trim(),
    actor: request.actor,
    since: mode === state.mode ? state.since : at,
    // A forced resume / close-only overrides the breakers holding now; each re-arms once its
    // condition clears. A halt keeps them.
    breakers: request.kind === 'halt' ? state.breakers : [],
    overridden:
      request.kind === 'halt'
        ? state.overridden
        : [...new Set([...state.overridden, ...state.breakers.map((breaker) => breaker.name)])],
  };
}

/** A breaker trips: the desk halts (whatever its mode) and records which breaker and why. */
export function tripBreaker(state: DeskState, name: BreakerName, reason: string, at: number): DeskState {
  const breakers = [
    ...state.breakers.filter((breaker) => breaker.name !== name),
    { name, reason, since: at },
  ];
  return {
    ...state,
    mode: 'HALTED',
    reason: `breaker ${name}: ${reason}`,
    actor: `breaker:${name}`,
    since: state.mode === 'HALTED' ? state.since : at,
    breakers,
  };
}

/** A breaker's condition is gone. The desk stays halted: only an operator resumes it. */
export function clearBreaker(state: DeskState, name: BreakerName): DeskState {
  return { ...state, breakers: state.breakers.filter((breaker) => breaker.name !== name) };
}

/** An overridden breaker guards again. */
export function rearmBreaker(state: DeskState, name: BreakerName): DeskState {
  return { ...state, overridden: state.overridden.filter((other) => other !== name) };
}

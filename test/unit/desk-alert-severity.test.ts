import { describe, expect, it } from 'vitest';
import { deskAlertSeverity, type DeskEventKind } from '../../domain/desk/alert-severity.js';
import { DESK_MODES } from '../../domain/risk/snapshot.js';

describe('deskAlertSeverity', () => {
  const expected: Record<DeskEventKind, Record<(typeof DESK_MODES)[number], string>> = {
    MODE_CHANGED: { ACTIVE: 'warn', CLOSE_ONLY: 'warn', HALTED: 'critical' },
    BREAKER_TRIPPED: { ACTIVE: 'critical', CLOSE_ONLY: 'critical', HALTED: 'critical' },
    // The desk stays HALTED after a breaker clears: news for the operator, not a page.
    BREAKER_CLEARED: { ACTIVE: 'info', CLOSE_ONLY: 'info', HALTED: 'info' },
  };
  for (const kind of Object.keys(expected) as DeskEventKind[])
    for (const mode of DESK_MODES)
      it(`${kind} into ${mode} is ${expected[kind][mode]}`, () => {
        expect(deskAlertSeverity(kind, mode)).toBe(expected[kind][mode]);
      });
});

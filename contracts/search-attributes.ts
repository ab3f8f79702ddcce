import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { OrderIntent } from '../domain/orders/types.js';

/**
 * Keel's custom search attributes, registered on the server by `keel dev up` (and by the
 * docker-compose setup job). Workflows keep them current so operators can filter in the UI, e.g.
 * `KeelKind = "order" AND KeelStatus = "DENIED" AND KeelRunId = "..."`.
 */
export const KeelAccount = defineSearchAttributeKey('KeelAccount', SearchAttributeType.KEYWORD);
export const KeelSymbol = defineSearchAttributeKey('KeelSymbol', SearchAttributeType.KEYWORD);
export const KeelStatus = defineSearchAttributeKey('KeelStatus', SearchAttributeType.KEYWORD);
export const KeelRunId = defineSearchAttributeKey('KeelRunId', SearchAttributeType.KEYWORD);
export const KeelKind = defineSearchAttributeKey('KeelKind', SearchAttributeType.KEYWORD);

/** Name → server type, for registration (`temporal server start-dev --search-attribute`). */
export const KEEL_SEARCH_ATTRIBUTES: Readonly<Record<string, 'Keyword'>> = {
  KeelAccount: 'Keyword',
  KeelSymbol: 'Keyword',
  KeelStatus: 'Keyword',
  KeelRunId: 'Keyword',
  KeelKind: 'Keyword',
};

/**
 * What an order workflow starts with, whoever starts it (the CLI, the API, a burn-in): one shape, so
 * one UI query finds every order of an account or of a run.
 */
export function orderStartAttributes(intent: OrderIntent): {
  typedSearchAttributes: SearchAttributePair[];
  memo: Record<string, unknown>;
} {
  return {
    typedSearchAttributes: [
      { key: KeelKind, value: 'order' },
      { key: KeelAccount, value: intent.account },
      { key: KeelSymbol, value: intent.symbol },
      { key: KeelStatus, value: 'NEW' },
      ...(intent.runId ? [{ key: KeelRunId, value: intent.runId }] : []),
    ],
    // What the UI's workflow list shows next to the id.
    memo: {
      summary: `${intent.side} ${intent.quantity} ${intent.symbol} ${intent.type}${intent.price !== undefined ? ` @ ${intent.price}` : ''}`,
      side: intent.side,
      quantity: intent.quantity,
      symbol: intent.symbol,
      type: intent.type,
      price: intent.price ?? null,
    },
  };
}

/** A reconciliation's attributes at its start; a burn-in's start-up check also names the run. */
export function reconcileStartAttributes(account: string, runId?: string): SearchAttributePair[] {
  return [
    { key: KeelKind, value: 'reconcile' },
    { key: KeelAccount, value: account },
    { key: KeelStatus, value: 'RUNNING' },
    ...(runId ? [{ key: KeelRunId, value: runId }] : []),
  ];
}

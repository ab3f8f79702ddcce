import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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

/**
 * The failure types Keel's activities and workflows raise (ApplicationFailure.type): what a caller
 * matches on to tell one failure from another. The values are recorded in histories; never rename one.
 */
export const FAILURE = {
  /** The venue refused; retrying cannot help. details: [reason] */
  venueRejected: 'VenueRejected',
  /** The venue may or may not have acted; resolve by looking the order up. details: [reason] */
  venueOutcomeUnknown: 'VenueOutcomeUnknown',
  /** Prefix of a retryable venue failure; the venue's reason follows the dot. */
  venueRetryable: 'VenueRetryable',
  /** An operator's desk request the desk's rules refuse (a resume over a tripped breaker). */
  deskRequestRefused: 'DeskRequestRefused',
  /** The alert receiver refused the alert (4xx): retrying cannot help. */
  alertRefused: 'AlertRefused',
  /** The alert receiver could not be reached or failed (5xx). */
  alertUndelivered: 'AlertUndelivered',
  /** Delivery-health alerts that could not be delivered. */
  exportAlertUndelivered: 'ExportAlertUndelivered',
  /** An export input (account, date) that cannot be exported. */
  exportBadInput: 'ExportBadInput',
  /** The built package failed validation after every rebuild. */
  exportInvalid: 'ExportInvalid',
  /** The staging directory of a package vanished before it was published. */
  exportStagingLost: 'ExportStagingLost',
  /** The published package failed re-verification. */
  exportVerifyFailed: 'ExportVerifyFailed',
  /** The burn-in's market data cannot serve its window. */
  burnInDataset: 'BurnInDataset',
  /** A burn-in asked to trade on a venue that is not the paper simulator. */
  burnInNotPaper: 'BurnInNotPaper',
} as const;

export type FailureType = (typeof FAILURE)[keyof typeof FAILURE];

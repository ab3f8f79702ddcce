/**
 * An account's name. It becomes part of workflow ids (`desk-<account>`), the simulator's account key
 * and a directory under the export's publish root, so it is plain and cannot climb out of a directory.
 */
export const ACCOUNT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The rule in words, for error messages. */
export const ACCOUNT_NAME_RULE = 'lower-case letters, digits, - and _';

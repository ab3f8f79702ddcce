/**
 * What went wrong in an activity or child, in one line: a workflow sees an ActivityFailure (or a
 * ChildWorkflowFailure) whose cause carries the error the activity threw.
 */
export function causeMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

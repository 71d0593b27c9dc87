// Errors that no retry can fix. Temporal reads an error's name as its failure type, and the ticket
// workflow lists these types as non-retryable, so the step fails at once and the ticket shows it.

/** A row the step needs is not in the database: retrying will not bring it back. */
export class RecordMissing extends Error {
  override readonly name = 'RecordMissing';
}

/** The mail relay refused the letter for good (a 5xx answer), e.g. the mailbox does not exist. */
export class LetterRejected extends Error {
  override readonly name = 'LetterRejected';
}

/** SMTP answers 5xx for what will fail again; 4xx and lost connections are worth another try. */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The failure types the ticket workflow never retries. */
export const permanentFailureTypes = ['LetterParamsError', 'RecordMissing', 'LetterRejected'];

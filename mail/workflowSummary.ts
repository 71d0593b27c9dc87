// What the Temporal UI shows of a request's workflow in its list and on its page (the workflow's static
// summary and details), so that ops find "TRC-000123 · Export fails" rather than an opaque ID.

const subjectLength = 100; // the summary is one line in the UI's list; the server caps it at 400 bytes

/** One line: the ticket number (when intake gave it one) and the subject, shortened. */
export function workflowSummary(ticketNumber: string | null, subject: string): string {
  const line = oneLine(subject) || '(no subject)';
  const short = line.length > subjectLength ? `${line.slice(0, subjectLength - 1)}…` : line;
  return ticketNumber ? `${ticketNumber} · ${short}` : short;
}

/** A few lines of Temporal markdown: who wrote and when the mail arrived. */
export function workflowDetails(message: {
  ticketNumber: string | null;
  fromAddress: string | null;
  subject: string;
  receivedAt: Date;
}): string {
  return [
    ...(message.ticketNumber ? [`**Ticket:** ${message.ticketNumber}`] : []),
    `**Client:** ${message.fromAddress ?? 'unknown'}`,
    `**Received:** ${message.receivedAt.toISOString()}`,
    `**Subject:** ${oneLine(message.subject).slice(0, 1000)}`,
  ].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// A delivery status notification (RFC 3464) for one of our letters, as a client's mail server sends it.

/** The raw bounce of the letter `messageId`: the mailbox does not exist (5.1.1). */
export function bounceReport(messageId: string, subject: string): string {
  const boundary = 'dsn-boundary';
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.client.example>',
    'To: support@triceps.local',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <bounce-${Date.now()}@mx.client.example>`,
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    'MIME-Version: 1.0',
    '',
    `--${boundary}`,
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.client.example',
    '',
    'Final-Recipient: rfc822; nobody@client.example',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${messageId}`,
    `Subject: ${subject}`,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

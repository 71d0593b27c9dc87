// Outbound mail: through the relay at SMTP_URL, or, with no relay configured, into a local
// outbox folder of .eml files that any mail client (or `cat`) can read.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  messageId: string; // stable, so that a resend is recognisable and replies thread
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
  describe(): string;
}

export function createMailer(options: { relayUrl?: string; outboxDir: string }): Mailer {
  return options.relayUrl ? relayMailer(options.relayUrl) : outboxMailer(options.outboxDir);
}

function toMessage(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    headers: mail.headers,
  };
}

function relayMailer(relayUrl: string): Mailer {
  const transport = nodemailer.createTransport(relayUrl);
  return {
    async send(mail) {
      await transport.sendMail(toMessage(mail));
    },
    close: () => transport.close(),
    describe: () => `relay ${relayUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
  };
}

function outboxMailer(outboxDir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail(toMessage(mail));
      await mkdir(outboxDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const name = `${stamp}-${mail.messageId.replace(/[^A-Za-z0-9.@-]/g, '_')}.eml`;
      await writeFile(path.join(outboxDir, name), info.message as Buffer);
    },
    close: () => transport.close(),
    describe: () => `outbox folder ${outboxDir}`,
  };
}

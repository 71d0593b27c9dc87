// Outbound mail: through the relay at SMTP_URL, or, with no relay configured, into a local
// outbox folder of .eml files that any mail client (or `cat`) can read. The relay takes the password in
// its URL, or, for a hosted mailbox, an OAuth2 access token (SASL XOAUTH2) for the user the URL names.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { AccessTokens } from './oauthTokens';

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

export function createMailer(options: {
  relayUrl?: string;
  outboxDir: string;
  oauth2?: AccessTokens;
}): Mailer {
  if (!options.relayUrl) return outboxMailer(options.outboxDir);
  return options.oauth2 ? oauthRelayMailer(options.relayUrl, options.oauth2) : relayMailer(options.relayUrl);
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

function oauthRelayMailer(relayUrl: string, tokens: AccessTokens): Mailer {
  const url = new URL(relayUrl);
  const user = decodeURIComponent(url.username);
  url.username = '';
  url.password = '';
  const transport = nodemailer.createTransport({
    url: url.toString(),
    auth: {
      type: 'OAuth2',
      user,
      // Nodemailer asks again once `refreshAt` has passed, or with `renew` after the relay refused the token.
      provisionCallback(_user, renew, callback) {
        tokens.get().then((token) => {
          if (!renew) return callback(null, token.value, token.refreshAt);
          tokens.refused(token.value);
          tokens.get().then((fresh) => callback(null, fresh.value, fresh.refreshAt), callback);
        }, callback);
      },
    },
  });
  return {
    async send(mail) {
      await transport.sendMail(toMessage(mail));
    },
    close: () => transport.close(),
    describe: () => `relay ${url.protocol}//${url.host} as ${user} (${tokens.describe()})`,
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

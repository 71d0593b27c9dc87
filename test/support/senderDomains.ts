// Mail domains of our own making for the authentication tests: each has a DKIM key generated here, and its
// SPF, DKIM and DMARC records are answered by a stub DNS resolver that the system is started with.
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { DnsResolver } from '../../mail/authentication';

export interface SenderDomain {
  name: string;
  selector: string;
  privateKey: string;
}

export interface DomainRecords {
  spf?: string; // e.g. 'v=spf1 ip4:127.0.0.1 -all'
  dmarc?: string; // e.g. 'v=DMARC1; p=reject'
  dkim?: boolean; // publish the DKIM key (default true)
}

/** A DNS zone for the tests: `publish` adds a domain, `resolver` answers as `dns.promises.resolve` would. */
export function stubDns(): {
  resolver: DnsResolver;
  publish(name: string, records: DomainRecords): SenderDomain;
} {
  const txt = new Map<string, string[][]>();
  return {
    resolver: async (name, rrtype) => {
      const records = rrtype === 'TXT' ? txt.get(name.toLowerCase()) : undefined;
      if (records) return records;
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    },
    publish(name, records) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const domain = {
        name,
        selector: 'mail',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      };
      const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      if (records.dkim !== false) txt.set(`mail._domainkey.${name}`, [[`v=DKIM1; k=rsa; p=${key}`]]);
      if (records.spf) txt.set(name, [[records.spf]]);
      if (records.dmarc) txt.set(`_dmarc.${name}`, [[records.dmarc]]);
      return domain;
    },
  };
}

/** The mail as its sender's server would put it on the wire, DKIM-signed by `signer` when given. */
export async function composeMail(mail: Mail.Options, signer?: SenderDomain): Promise<Buffer> {
  const raw = await new MailComposer(mail).compile().build();
  if (!signer) return raw;
  // mailauth signs with `signatureData`; its type declarations also ask for the single-key fields.
  const signed = await dkimSign(raw, {
    signingDomain: signer.name,
    selector: signer.selector,
    privateKey: signer.privateKey,
    signatureData: [{ signingDomain: signer.name, selector: signer.selector, privateKey: signer.privateKey }],
  });
  if (signed.errors.length > 0) throw signed.errors[0];
  return Buffer.concat([Buffer.from(signed.signatures), raw]);
}

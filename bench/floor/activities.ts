// The floor's two activities: a number from a PostgreSQL sequence, and a receipt through the relay (nodemailer,
// one connection per letter, as our mailer does).
import nodemailer from 'nodemailer';
import type { Pool } from 'pg';

export interface FloorActivities {
  allocateNumber(): Promise<string>;
  sendReceipt(receipt: { mailId: number; client: string; subject: string; number: string }): Promise<void>;
}

export function floorActivities(db: Pool, relayUrl: string): FloorActivities {
  const transport = nodemailer.createTransport(relayUrl);
  return {
    async allocateNumber() {
      const { rows } = await db.query<{ n: string }>("SELECT nextval('floor_number') AS n");
      return `FLR-${rows[0]!.n.padStart(6, '0')}`;
    },
    async sendReceipt({ client, subject, number }) {
      await transport.sendMail({
        from: 'support@triceps.local',
        to: client,
        subject: `[${number}] ${subject}`,
        text: `Your request is registered as ${number}.`,
        headers: { 'X-Triceps-Letter': 'receipt' },
      });
    },
  };
}

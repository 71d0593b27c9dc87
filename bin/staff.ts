// `npm run staff -- add <email> <name> --role <specialist|lead|head|admin> [--skills a,b] [--team name]`:
// creates a staff member and prints their new bearer token alone on the last line. `rotate <email>` does the
// same for an existing member (their old token stops working at once); `revoke <email>` leaves them none.
// Works on a fresh install, so that the first admin can be created before anyone can use the API.
import { parseArgs } from 'node:util';
import type { AuditContext } from '../db/audit';
import { migrate } from '../db/migrate';
import { createPool, type Database } from '../db/pool';
import {
  addStaffMember,
  findSpecialist,
  listStaff,
  staffRoles,
  updateStaffMember,
  type StaffRole,
} from '../db/staff';
import { revokeTokens, rotateToken } from '../db/staffTokens';
import { loadConfig, type Config } from '../platform/config';
import { openDatabase } from '../platform/database';
import { createLogger } from '../platform/logger';

const usage = [
  'usage: npm run staff -- add <email> <name> --role <specialist|lead|head|admin> [--skills a,b] [--team name]',
  '       npm run staff -- rotate <email>   (a new token; the old one stops working)',
  '       npm run staff -- revoke <email>   (no token works any more)',
  '       npm run staff -- list',
].join('\n');

const fromCommandLine: AuditContext = { actor: null, userAgent: 'npm run staff' };

async function memberOrFail(db: Database, email: string | undefined) {
  if (!email) throw new Error(usage);
  const member = await findSpecialist(db, { email });
  if (!member) throw new Error(`${email} is not on staff; see npm run staff -- list`);
  return member;
}

async function run(db: Database, config: Config, argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, skills: { type: 'string' }, team: { type: 'string' } },
  });
  const [command, email, ...nameParts] = positionals;
  switch (command) {
    case 'list':
      for (const member of await listStaff(db)) {
        process.stdout.write(
          `${member.id}\t${member.email}\t${member.name}\t${member.role}\t${member.skills.join(',')}\n`,
        );
      }
      return;
    case 'rotate': {
      const member = await memberOrFail(db, email);
      const { token, expiresAt } = await rotateToken(db, member, config.access.tokenDays, fromCommandLine);
      process.stdout.write(
        `new token for ${member.email}, valid until ${expiresAt.toISOString()}; the old one no longer works:\n${token}\n`,
      );
      return;
    }
    case 'revoke': {
      const member = await memberOrFail(db, email);
      const revoked = await revokeTokens(db, member, fromCommandLine);
      process.stdout.write(`${revoked} token(s) of ${member.email} revoked\n`);
      return;
    }
    case 'add':
      break;
    default:
      throw new Error(usage);
  }
  const role = values.role as StaffRole | undefined;
  if (!email || nameParts.length === 0 || !role || !staffRoles.includes(role)) throw new Error(usage);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`not an email address: ${email}\n${usage}`);
  const skills = (values.skills ?? '')
    .split(',')
    .map((skill) => skill.trim())
    .filter(Boolean);
  const { member, token, expiresAt } = await addStaffMember(
    db,
    { email, name: nameParts.join(' '), role, skills, tokenDays: config.access.tokenDays },
    fromCommandLine,
  );
  if (values.team) await updateStaffMember(db, member.id, { team: values.team });
  process.stdout.write(
    `staff member #${member.id} ${member.email} (${member.role}) created; bearer token, valid until ${expiresAt.toISOString()}:\n${token}\n`,
  );
}

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, createLogger('warn', config.logFormat));
  try {
    const db = createPool(database.url, 2);
    try {
      await migrate(db);
      await run(db, config, argv);
    } finally {
      await db.end();
    }
  } finally {
    await database.stop();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});

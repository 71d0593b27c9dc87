// `npm run staff -- add <email> <name> --role <specialist|lead|head|admin> [--skills a,b] [--team name]`:
// creates a staff member and prints their new bearer token alone on the last line.
import { parseArgs } from 'node:util';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { addStaffMember, listStaff, staffRoles, updateStaffMember, type StaffRole } from '../db/staff';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { createLogger } from '../platform/logger';

const usage =
  'usage: npm run staff -- add <email> <name> --role <specialist|lead|head|admin> [--skills a,b] [--team name]\n       npm run staff -- list';

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, skills: { type: 'string' }, team: { type: 'string' } },
  });
  const [command, email, ...nameParts] = positionals;
  const config = loadConfig();
  const database = await openDatabase(config, createLogger('warn', config.logFormat));
  const db = createPool(database.url, 2);
  try {
    await migrate(db);
    if (command === 'list') {
      for (const member of await listStaff(db)) {
        process.stdout.write(
          `${member.id}\t${member.email}\t${member.name}\t${member.role}\t${member.skills.join(',')}\n`,
        );
      }
      return;
    }
    const role = values.role as StaffRole | undefined;
    if (command !== 'add' || !email || nameParts.length === 0 || !role || !staffRoles.includes(role)) {
      throw new Error(usage);
    }
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`not an email address: ${email}\n${usage}`);
    const skills = (values.skills ?? '')
      .split(',')
      .map((skill) => skill.trim())
      .filter(Boolean);
    const { member, token } = await addStaffMember(db, { email, name: nameParts.join(' '), role, skills });
    if (values.team) await updateStaffMember(db, member.id, { team: values.team });
    process.stdout.write(
      `staff member #${member.id} ${member.email} (${member.role}) created; bearer token:\n${token}\n`,
    );
  } finally {
    await db.end();
    await database.stop();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});

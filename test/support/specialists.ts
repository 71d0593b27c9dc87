// Staff set up over the HTTP API, as a lead would, for the integration tests.
import { MINUTE } from '../../domain/policy';
import type { TestSystem } from './testSystem';

/**
 * Adds a specialist who has been away since an hour ago and is back `hours` from now, rounded up to the whole
 * second the API keeps: work given to her can start only then, whenever the test runs. Returns when she is back.
 */
export async function addSpecialistAway(
  system: TestSystem,
  lead: string,
  email: string,
  hours: number,
): Promise<Date> {
  await system.addStaff(email);
  const member = (await system.api(lead, '/api/specialists')).body.specialists.find(
    (specialist: { email: string }) => specialist.email === email,
  );
  const back = new Date(Math.ceil((Date.now() + hours * 60 * MINUTE) / 1000) * 1000);
  await system.api(lead, `/api/specialists/${member.id}/time-off`, {
    body: { startsAt: new Date(Date.now() - 60 * MINUTE).toISOString(), endsAt: back.toISOString() },
  });
  return back;
}

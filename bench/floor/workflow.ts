// The floor's workflow: allocate a number, send the receipt. Nothing else, so that it times only the engine's
// round trips for the same I/O as a ticket's path to its receipt.
import { proxyActivities } from '@temporalio/workflow';
import type { FloorActivities } from './activities';

const { allocateNumber, sendReceipt } = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

export interface FloorRequest {
  mailId: number;
  client: string;
  subject: string;
}

export async function floorReceipt(request: FloorRequest): Promise<string> {
  const number = await allocateNumber();
  await sendReceipt({ ...request, number });
  return number;
}

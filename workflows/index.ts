// The workflows the worker registers.
export { ticketLifecycle } from './ticket';
// Tickets started before the lifecycle became a reducer finish on the code they started with.
export { ticketWorkflow } from './legacy/ticketWorkflow';

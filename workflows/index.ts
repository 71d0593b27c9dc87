// The workflows the worker registers.
export { ticketWorkflow } from './ticket';

export { applyTicketingMessage } from './apply-message';
export {
  type ParsedDelivery,
  parseDelivery,
  type TicketingMessage,
  type TicketingMessageType,
  ticketingMessageSchemas,
  ticketingMessageTypes,
  toLocalSlug,
} from './messages';
export {
  createTicketingApi,
  type PulledAttendee,
  type PulledEvent,
  type TicketingApi,
  type TicketingApiConfig,
  TicketingApiError,
} from './pull-client';
export { reconcileTicketing } from './reconcile';

import type { Deps } from '../../platform/context.js';
import { eventHandler } from '../../platform/events/define.js';
import { systemActor } from '../../platform/auth/roles.js';
import { assistantHandover } from '../notifications/index.js';
import { openCaseFromHandover } from './handover.js';

/** Support's event consumers: the self-service assistant's hand-over opens (or adds to) a case. */
export const supportHandlers = (deps: Deps) => [
  eventHandler({
    name: 'support.assistant_handover',
    events: [assistantHandover],
    handle: async (tx, e) => {
      await openCaseFromHandover(tx, { ...deps, actor: { ...systemActor, id: 'assistant', name: 'Self-service assistant' } }, e.eventId, e.payload);
    },
  }),
];

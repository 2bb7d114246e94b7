/**
 * Twilio's standard opt-out and opt-in keywords (its Advanced Opt-Out defaults, plus STOPP as German
 * senders see it): a message whose whole body, trimmed and in any case, is one of them. "stop please"
 * is not a keyword — as on Twilio, only the bare word counts.
 *
 * @example smsConsentKeyword(' Stop ') === 'opt_out'; smsConsentKeyword('unstop') === 'opt_in'
 */
const optOut = new Set(['STOP', 'STOPP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const optIn = new Set(['START', 'UNSTOP', 'YES']);

export function smsConsentKeyword(body: string): 'opt_out' | 'opt_in' | null {
  const word = body.trim().replace(/[.!]+$/, '').toUpperCase();
  return optOut.has(word) ? 'opt_out' : optIn.has(word) ? 'opt_in' : null;
}

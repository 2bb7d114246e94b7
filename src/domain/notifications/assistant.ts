import type { Locale } from './locale.js';

/**
 * Rule- and keyword-based intents of the self-service assistant (pure). Rules are checked in order;
 * the first that matches wins, so "cancel" beats "where" in "where do I cancel my order?".
 */
export const intents = ['handover', 'cancel', 'return', 'change_address', 'pickup', 'delivery_date', 'where_is_order', 'unknown'] as const;
export type Intent = (typeof intents)[number];

const fold = (s: string) => s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');

const rules: Array<[Exclude<Intent, 'unknown'>, RegExp]> = [
  ['handover', /\b(human|agent|real person|someone|speak to|talk to|call me|complain|mitarbeiter|mensch|person sprechen|ansprechpartner|beschwer|anrufen)/],
  ['cancel', /\b(cancel|don'?t want|do not want|stornier|storno|abbestell|nicht mehr haben|zurueckziehen)/],
  ['return', /\b(return|send (it )?back|refund|exchange|retour|zurueck ?(schick|send|geben)|ruecksend|umtausch|erstatt|geld zurueck)/],
  ['change_address', /(address|deliver to (a )?different|moved|adresse|anschrift|umgezogen|andere (liefer)?adresse)/],
  ['pickup', /\b(pick ?up|collect|store hours|opening hours|abhol|oeffnungszeit|filiale|laden)/],
  ['delivery_date', /\b(when|how long|arrive|delivery date|eta|wann|wie lange|liefertermin|ankommen|zustelltermin|lieferdatum|bis wann)/],
  ['where_is_order', /\b(where|status|track|tracking|parcel|package|shipped|wo ist|wo bleibt|sendung|paket|verfolg|versendet|bestellstatus|stand)/],
];

export function classifyIntent(text: string): Intent {
  const t = fold(text);
  for (const [intent, re] of rules) if (re.test(t)) return intent;
  return 'unknown';
}

const germanMarkers = /\b(ich|mein|meine|meinen|bestellung|wann|wo|ist|bitte|nicht|paket|sendung|moechte|kann|wie|adresse|der|die|das|und|danke|hallo)\b|[äöüß]/i;
export const detectLanguage = (text: string): Locale => (germanMarkers.test(text) ? 'de' : 'en');

/** An order can be cancelled by the customer only before the warehouse starts picking it. */
export const customerCanCancel = (orderStatus: string) => orderStatus === 'placed' || orderStatus === 'confirmed';

/**
 * Common disposable ("throw-away") email domains. Data, not logic: extend it per merchant through the
 * risk settings (`rules.disposableEmail.extraDomains`) rather than editing this list.
 */
export const disposableEmailDomains: readonly string[] = [
  '0-mail.com', '10minutemail.com', '10minutemail.net', '20minutemail.com', '33mail.com', 'anonbox.net',
  'burnermail.io', 'discard.email', 'discardmail.com', 'dispostable.com', 'emailondeck.com', 'fakeinbox.com',
  'fakemail.net', 'getairmail.com', 'getnada.com', 'guerrillamail.biz', 'guerrillamail.com', 'guerrillamail.de',
  'guerrillamail.info', 'guerrillamail.net', 'guerrillamail.org', 'guerrillamailblock.com', 'harakirimail.com',
  'incognitomail.org', 'jetable.org', 'mailcatch.com', 'maildrop.cc', 'mailexpire.com', 'mailinator.com',
  'mailinator.net', 'mailinator2.com', 'mailnesia.com', 'mailnull.com', 'mailsac.com', 'mintemail.com',
  'mohmal.com', 'moakt.com', 'mytemp.email', 'mytrashmail.com', 'nada.email', 'sharklasers.com',
  'spam4.me', 'spambog.com', 'spambox.us', 'spamgourmet.com', 'spamex.com', 'tempail.com', 'temp-mail.io',
  'temp-mail.org', 'tempinbox.com', 'tempmail.com', 'tempmail.net', 'tempmailo.com', 'tempr.email',
  'throwawaymail.com', 'trash-mail.com', 'trashmail.com', 'trashmail.de', 'trashmail.net', 'trbvm.com',
  'wegwerfmail.de', 'wegwerfmail.net', 'yopmail.com', 'yopmail.fr', 'yopmail.net', 'zetmail.com',
];

/** The customer returns portal: server-rendered, mobile-first, English and German, no login (a signed link). */
export type PortalLocale = 'en' | 'de';

const strings: Record<PortalLocale, Record<string, string>> = {
  en: {
    title: 'Return items',
    lookupIntro: 'Enter your order number and the e-mail address you ordered with.',
    orderNumber: 'Order number',
    email: 'E-mail address',
    find: 'Find my order',
    notFound: 'We could not find an order with these details.',
    tooMany: 'Too many tries. Please wait a minute.',
    order: 'Order',
    choose: 'Choose what you send back and why.',
    quantity: 'Quantity',
    reason: 'Reason',
    notReturnable: 'Not returnable',
    resolution: 'I would like',
    refund: 'a refund to my payment',
    store_credit: 'store credit',
    submit: 'Request the return',
    nothing: 'Choose at least one item.',
    refused: 'The return could not be requested:',
    done: 'Your return is registered.',
    label: 'Download the return label (PDF)',
    noLabel: 'We will check your request and send you the return label by e-mail.',
    yourReturns: 'Your returns',
    'reason.changed_mind': 'Changed my mind',
    'reason.wrong_size': 'Wrong size',
    'reason.not_as_described': 'Not as described',
    'reason.defective': 'Defective',
    'reason.damaged': 'Arrived damaged',
    'reason.wrong_item': 'Wrong item sent',
    'reason.other': 'Other',
  },
  de: {
    title: 'Artikel zurücksenden',
    lookupIntro: 'Geben Sie Ihre Bestellnummer und die E-Mail-Adresse Ihrer Bestellung ein.',
    orderNumber: 'Bestellnummer',
    email: 'E-Mail-Adresse',
    find: 'Bestellung finden',
    notFound: 'Wir konnten keine Bestellung mit diesen Angaben finden.',
    tooMany: 'Zu viele Versuche. Bitte warten Sie eine Minute.',
    order: 'Bestellung',
    choose: 'Wählen Sie, was Sie zurücksenden, und warum.',
    quantity: 'Menge',
    reason: 'Grund',
    notReturnable: 'Nicht rückgabefähig',
    resolution: 'Ich möchte',
    refund: 'eine Erstattung auf meine Zahlung',
    store_credit: 'ein Guthaben',
    submit: 'Rücksendung anmelden',
    nothing: 'Wählen Sie mindestens einen Artikel.',
    refused: 'Die Rücksendung konnte nicht angemeldet werden:',
    done: 'Ihre Rücksendung ist angemeldet.',
    label: 'Rücksendeetikett herunterladen (PDF)',
    noLabel: 'Wir prüfen Ihre Anfrage und senden Ihnen das Rücksendeetikett per E-Mail.',
    yourReturns: 'Ihre Rücksendungen',
    'reason.changed_mind': 'Nicht mehr gewünscht',
    'reason.wrong_size': 'Falsche Größe',
    'reason.not_as_described': 'Entspricht nicht der Beschreibung',
    'reason.defective': 'Defekt',
    'reason.damaged': 'Beschädigt angekommen',
    'reason.wrong_item': 'Falscher Artikel geliefert',
    'reason.other': 'Anderer Grund',
  },
};

export const portalLocale = (q: unknown, acceptLanguage: unknown): PortalLocale => {
  const pick = (v: unknown) => (typeof v === 'string' && /^de\b/i.test(v) ? 'de' : typeof v === 'string' && /^en\b/i.test(v) ? 'en' : null);
  return pick(q) ?? pick(String(acceptLanguage ?? '').split(',')[0]) ?? 'en';
};

const layout = (l: PortalLocale, body: string) => `<!doctype html><html lang="${l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${strings[l].title}</title><style>
body{font-family:system-ui,sans-serif;margin:0;background:#f8f9fa;color:#212529}main{max-width:40rem;margin:0 auto;padding:1rem}
section{background:#fff;border-radius:8px;padding:1rem;margin:1rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
label{display:block;margin:.5rem 0 .2rem;font-weight:600}input,select{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box}
button{font-size:1rem;padding:.6rem 1rem;margin-top:1rem;background:#1864ab;color:#fff;border:0;border-radius:4px}
.line{border-top:1px solid #dee2e6;padding:.5rem 0}.muted{color:#495057;font-size:.9rem}[role=alert]{color:#c92a2a;font-weight:600}
</style></head><body><main>${body}</main></body></html>`;

/** The lookup form: order number + e-mail, through the order status lookup, then on to the portal. */
export function portalLookupPage(l: PortalLocale): string {
  const s = strings[l];
  return layout(l, `<h1>${s.title}</h1><section><p>${s.lookupIntro}</p>
<form id="lookup"><label for="orderNumber">${s.orderNumber}</label><input id="orderNumber" name="orderNumber" autocomplete="off" required>
<label for="email">${s.email}</label><input id="email" name="email" type="email" autocomplete="email" required>
<p id="error" role="alert" hidden></p><button type="submit">${s.find}</button></form></section>
<script>
document.getElementById('lookup').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const res = await fetch('/api/v1/public/order-status/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderNumber: f.get('orderNumber'), email: f.get('email') }) });
  if (res.ok) { const j = await res.json(); location.href = '/return/' + encodeURIComponent(j.token) + '?lang=${l}'; return; }
  const err = document.getElementById('error');
  err.textContent = res.status === 429 ? ${JSON.stringify(s.tooMany)} : ${JSON.stringify(s.notFound)};
  err.hidden = false;
});
</script>`);
}

/** The portal of one order: its lines are loaded from the public API and the request posted to it. */
export function portalPage(l: PortalLocale, token: string): string {
  const s = strings[l];
  const reasons = Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith('reason.')).map(([k, v]) => [k.slice(7), v]));
  return layout(l, `<h1>${s.title}</h1><section id="portal"><p class="muted" id="order"></p><p>${s.choose}</p>
<form id="request"><div id="lines"></div>
<label for="resolution">${s.resolution}</label><select id="resolution" name="resolution"><option value="refund">${s.refund}</option><option value="store_credit">${s.store_credit}</option></select>
<p id="error" role="alert" hidden></p><button type="submit">${s.submit}</button></form></section>
<section id="result" hidden><p id="done" data-testid="return-done">${s.done}</p><p id="number" data-testid="return-number"></p><p id="labelp"></p></section>
<section id="history" hidden><h2>${s.yourReturns}</h2><ul id="returns"></ul></section>
<script>
const token = ${JSON.stringify(token)};
const t = ${JSON.stringify({ quantity: s.quantity, reason: s.reason, notReturnable: s.notReturnable, nothing: s.nothing, refused: s.refused, label: s.label, noLabel: s.noLabel, order: s.order })};
const reasons = ${JSON.stringify(reasons)};
const api = '/api/v1/public/returns/' + encodeURIComponent(token);
const el = (tag, attrs = {}, text) => { const e = document.createElement(tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); if (text !== undefined) e.textContent = text; return e; };
function showReturns(list) {
  const ul = document.getElementById('returns'); ul.replaceChildren();
  for (const r of list) ul.append(el('li', {}, r.number + ': ' + r.status));
  document.getElementById('history').hidden = list.length === 0;
}
async function load() {
  const res = await fetch(api);
  if (!res.ok) { document.getElementById('portal').replaceChildren(el('p', { role: 'alert' }, ${JSON.stringify(s.notFound)})); return; }
  const v = await res.json();
  document.getElementById('order').textContent = t.order + ' ' + v.orderNumber;
  const box = document.getElementById('lines'); box.replaceChildren();
  v.lines.forEach((line, i) => {
    const d = el('div', { class: 'line', 'data-sku': line.sku });
    d.append(el('strong', {}, line.sku));
    if (!line.eligible || line.quantity === 0) { d.append(el('p', { class: 'muted' }, t.notReturnable + (line.detail ? ': ' + line.detail : ''))); box.append(d); return; }
    const q = el('select', { id: 'q' + i, name: 'q' + i, 'data-line': line.lineId, 'aria-label': t.quantity + ' ' + line.sku });
    for (let n = 0; n <= line.quantity; n++) q.append(el('option', { value: String(n) }, String(n)));
    const r = el('select', { id: 'r' + i, name: 'r' + i, 'aria-label': t.reason + ' ' + line.sku });
    for (const [k, label] of Object.entries(reasons)) r.append(el('option', { value: k }, label));
    d.append(el('label', { for: 'q' + i }, t.quantity), q, el('label', { for: 'r' + i }, t.reason), r);
    box.append(d);
  });
  showReturns(v.returns);
}
document.getElementById('request').addEventListener('submit', async (e) => {
  e.preventDefault();
  const err = document.getElementById('error'); err.hidden = true;
  const lines = [...document.querySelectorAll('select[data-line]')].map((q) => ({ orderLineId: q.dataset.line, quantity: Number(q.value), reason: document.getElementById('r' + q.id.slice(1)).value })).filter((l) => l.quantity > 0);
  if (lines.length === 0) { err.textContent = t.nothing; err.hidden = false; return; }
  const key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  const res = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ resolution: document.getElementById('resolution').value, lines }) });
  const j = await res.json();
  if (!res.ok) { err.textContent = t.refused + ' ' + (j.errors ? j.errors.map((x) => x.message).join('; ') : j.detail); err.hidden = false; return; }
  document.getElementById('number').textContent = j.number;
  const lp = document.getElementById('labelp'); lp.replaceChildren();
  if (j.labelUrl) lp.append(el('a', { href: j.labelUrl, 'data-testid': 'label-link' }, t.label)); else lp.textContent = t.noLabel;
  document.getElementById('result').hidden = false;
  load();
});
load();
</script>`);
}

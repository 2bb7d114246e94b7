import mjml2html from 'mjml';
import { buildContent, renderText, type Block, type Content, type TemplateData, type TemplateName } from '../../domain/notifications/templates.js';
import type { Locale } from '../../domain/notifications/locale.js';
import type { Branding } from './settings.js';
import type { MessageLinks } from './links.js';

export interface Rendered {
  subject: string;
  html: string;
  text: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const color = (c: string, fallback: string) => (/^#[0-9a-fA-F]{3,8}$/.test(c) ? c : fallback);

function block(b: Block, brand: Branding, esc: (s: string) => string): string {
  const primary = color(brand.primaryColor, '#1c7ed6');
  switch (b.kind) {
    case 'text':
      return `<mj-text>${esc(b.text)}</mj-text>`;
    case 'lines': {
      const rows = b.rows.map((r) => `<tr><td style="padding:4px 0">${esc(String(r.quantity))} × ${esc(r.name)}</td><td style="padding:4px 0;text-align:right">${esc(r.amount ?? '')}</td></tr>`);
      const totals = (b.totals ?? []).map(
        (t) => `<tr><td style="padding:2px 0;${t.strong ? 'font-weight:bold;border-top:1px solid #ddd' : ''}">${esc(t.label)}</td><td style="padding:2px 0;text-align:right;${t.strong ? 'font-weight:bold;border-top:1px solid #ddd' : ''}">${esc(t.amount)}</td></tr>`,
      );
      return `<mj-table>${[...rows, ...totals].join('')}</mj-table>`;
    }
    case 'code':
      return `<mj-text align="center" font-size="14px">${esc(b.label)}</mj-text><mj-text align="center" font-size="32px" font-weight="bold" letter-spacing="6px" color="${primary}">${esc(b.code)}</mj-text>`;
    case 'facts':
      return `<mj-table>${b.rows.map((r) => `<tr><td style="padding:2px 8px 2px 0;color:#666">${esc(r.label)}</td><td style="padding:2px 0">${esc(r.value)}</td></tr>`).join('')}</mj-table>`;
    case 'button':
      return `<mj-button href="${esc(b.url)}" background-color="${primary}">${esc(b.label)}</mj-button>`;
  }
}

/** The MJML document of a message: responsive single column with the merchant's logo, colours and name. */
export function toMjml(c: Content, brand: Branding, locale: Locale, esc: (s: string) => string = escapeHtml): string {
  const text = color(brand.textColor, '#212529');
  const header = brand.logoUrl
    ? `<mj-image src="${esc(brand.logoUrl)}" alt="${esc(brand.shopName)}" width="160px" align="left" />`
    : `<mj-text font-size="20px" font-weight="bold" color="${color(brand.primaryColor, '#1c7ed6')}">${esc(brand.shopName)}</mj-text>`;
  return `<mjml lang="${locale}">
  <mj-head>
    <mj-title>${esc(c.subject)}</mj-title>
    <mj-preview>${esc(c.preheader)}</mj-preview>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text color="${text}" font-size="15px" line-height="22px" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f5f7">
    <mj-section><mj-column>${header}</mj-column></mj-section>
    <mj-section background-color="#ffffff" padding="16px"><mj-column>
      <mj-text font-size="22px" font-weight="bold">${esc(c.heading)}</mj-text>
      ${c.blocks.map((b) => block(b, brand, esc)).join('\n      ')}
    </mj-column></mj-section>
    <mj-section><mj-column><mj-text font-size="12px" color="#777">${esc(c.footer)}</mj-text></mj-column></mj-section>
  </mj-body>
</mjml>`;
}

/** Subject, HTML (MJML → responsive HTML) and text part of one message. */
export async function renderMessage(template: TemplateName, data: TemplateData, locale: Locale, brand: Branding, links: MessageLinks): Promise<Rendered> {
  const content = buildContent(template, data, locale, { shop: brand.shopName, links });
  return { subject: content.subject, html: await compileCached(content, brand, locale), text: renderText(content, { shop: brand.shopName }) };
}

/**
 * MJML takes ~30 ms per document; messages of one template differ only in their texts. Each text goes
 * into the MJML as a numbered slot, so the document's shape (template, language, branding, number of
 * rows) is the cache key; the compiled HTML is reused and the escaped texts are put into the slots.
 */
const compiled = new Map<string, string>();
const maxCached = 500;

async function compileCached(content: Content, brand: Branding, locale: Locale): Promise<string> {
  const values: string[] = [];
  const slot = (s: string) => {
    values.push(escapeHtml(s));
    return `ORDOSLOT${values.length - 1}X`;
  };
  const shape = toMjml(content, brand, locale, slot);
  let html = compiled.get(shape);
  if (html === undefined) {
    html = (await mjml2html(shape, { validationLevel: 'soft', minify: false })).html;
    if (compiled.size >= maxCached) compiled.delete(compiled.keys().next().value!);
    compiled.set(shape, html);
  }
  return html.replace(/ORDOSLOT(\d+)X/g, (_, i: string) => values[Number(i)]!);
}

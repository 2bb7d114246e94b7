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

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const color = (c: string, fallback: string) => (/^#[0-9a-fA-F]{3,8}$/.test(c) ? c : fallback);

function block(b: Block, brand: Branding): string {
  const primary = color(brand.primaryColor, '#1c7ed6');
  switch (b.kind) {
    case 'text':
      return `<mj-text>${esc(b.text)}</mj-text>`;
    case 'lines': {
      const rows = b.rows.map((r) => `<tr><td style="padding:4px 0">${r.quantity} × ${esc(r.name)}</td><td style="padding:4px 0;text-align:right">${esc(r.amount ?? '')}</td></tr>`);
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
export function toMjml(c: Content, brand: Branding, locale: Locale): string {
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
      ${c.blocks.map((b) => block(b, brand)).join('\n      ')}
    </mj-column></mj-section>
    <mj-section><mj-column><mj-text font-size="12px" color="#777">${esc(c.footer)}</mj-text></mj-column></mj-section>
  </mj-body>
</mjml>`;
}

/** Subject, HTML (MJML → responsive HTML) and text part of one message. */
export async function renderMessage(template: TemplateName, data: TemplateData, locale: Locale, brand: Branding, links: MessageLinks): Promise<Rendered> {
  const content = buildContent(template, data, locale, { shop: brand.shopName, links });
  const out = await mjml2html(toMjml(content, brand, locale), { validationLevel: 'soft', minify: false });
  return { subject: content.subject, html: out.html, text: renderText(content, { shop: brand.shopName }) };
}

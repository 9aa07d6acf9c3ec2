import { createHash } from 'node:crypto';
import { MIN_PASSWORD_LENGTH, passwordRule } from '../../src-shared/accounts.js';
import { escapeHtml } from '../mail/templates.js';

/**
 * The two pages an account email links to: "Confirm your Account" (activation) and "Choose a new
 * password" (reset). Plain HTML forms, no script: they work in any browser, and a strict
 * Content-Security-Policy allows nothing but this page's own style.
 */

const style = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1d1f23;line-height:1.5}
h1{font-size:1.4rem}h2{font-size:1.05rem;margin-top:1.5rem}label{display:block;margin-top:.8rem;font-weight:600}
input{display:block;width:100%;box-sizing:border-box;padding:.45rem;margin-top:.2rem;font:inherit;border:1px solid #8a8f98;border-radius:4px}
.hint{color:#555;font-size:.9rem}.error{color:#b00020;font-size:.9rem;margin:.2rem 0 0}
.problem{background:#fdecea;border:1px solid #b00020;padding:.6rem .8rem;border-radius:4px}
button{margin-top:1.4rem;padding:.55rem 1.4rem;font:inherit;background:#2f6fdd;color:#fff;border:0;border-radius:4px;cursor:pointer}`;

const styleHash = createHash('sha256').update(style).digest('base64');

/** Headers every account page carries: no script, no framing, no caching, no referrer (the URL holds a token). */
export const pageHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${styleHash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export interface PageBrand {
  supportName: string;
}

function page(brand: PageBrand, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · ${escapeHtml(brand.supportName)}</title><style>${style}</style></head><body><p class="hint">${escapeHtml(brand.supportName)}</p><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export function messagePage(brand: PageBrand, title: string, sentences: string[]): string {
  return page(brand, title, sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join(''));
}

export type FieldErrors = Record<string, string>;

interface Field {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'tel';
  autocomplete: string;
  hint?: string;
}

function fieldHtml(field: Field, values: Record<string, string>, errors: FieldErrors): string {
  const id = `f-${field.name}`;
  const error = errors[field.name];
  // Passwords are never written back into the page.
  const value = field.type === 'password' ? '' : (values[field.name] ?? '');
  return (
    `<label for="${id}">${escapeHtml(field.label)}</label>` +
    (field.hint ? `<span class="hint" id="${id}-hint">${escapeHtml(field.hint)}</span>` : '') +
    `<input id="${id}" name="${field.name}" type="${field.type ?? 'text'}" autocomplete="${field.autocomplete}" value="${escapeHtml(value)}" required` +
    (field.type === 'password' ? ` minlength="${MIN_PASSWORD_LENGTH}"` : '') +
    (error
      ? ` aria-invalid="true" aria-describedby="${id}-error"`
      : field.hint
        ? ` aria-describedby="${id}-hint"`
        : '') +
    '>' +
    (error ? `<p class="error" id="${id}-error">${escapeHtml(error)}</p>` : '')
  );
}

function form(
  action: string,
  token: string,
  sections: { heading?: string; fields: Field[] }[],
  values: Record<string, string>,
  errors: FieldErrors,
  submit: string,
): string {
  const problem = errors.form
    ? `<p class="problem" role="alert">${escapeHtml(errors.form)}</p>`
    : '';
  return (
    problem +
    `<form method="post" action="${action}"><input type="hidden" name="token" value="${escapeHtml(token)}">` +
    sections
      .map(
        (section) =>
          (section.heading ? `<h2>${escapeHtml(section.heading)}</h2>` : '') +
          section.fields.map((f) => fieldHtml(f, values, errors)).join(''),
      )
      .join('') +
    `<button type="submit">${escapeHtml(submit)}</button></form>`
  );
}

const passwordFields: Field[] = [
  {
    name: 'password',
    label: 'Password',
    type: 'password',
    autocomplete: 'new-password',
    hint: passwordRule,
  },
  {
    name: 'confirmPassword',
    label: 'Confirm password',
    type: 'password',
    autocomplete: 'new-password',
  },
];

export function activationPage(
  brand: PageBrand,
  token: string,
  values: Record<string, string>,
  errors: FieldErrors = {},
): string {
  return page(
    brand,
    'Confirm your account',
    form(
      '/account/activate',
      token,
      [
        {
          fields: [{ name: 'name', label: 'Full name', autocomplete: 'name' }, ...passwordFields],
        },
        {
          heading: 'Additional details',
          fields: [
            { name: 'company', label: 'Company', autocomplete: 'organization' },
            { name: 'address', label: 'Address', autocomplete: 'street-address' },
            { name: 'city', label: 'City', autocomplete: 'address-level2' },
            { name: 'state', label: 'State', autocomplete: 'address-level1' },
            { name: 'zip', label: 'Zip code', autocomplete: 'postal-code' },
            { name: 'country', label: 'Country', autocomplete: 'country-name' },
            { name: 'phone', label: 'Phone', type: 'tel', autocomplete: 'tel' },
          ],
        },
      ],
      values,
      errors,
      'Activate my account',
    ),
  );
}

export function resetPasswordPage(
  brand: PageBrand,
  token: string,
  errors: FieldErrors = {},
): string {
  return page(
    brand,
    'Choose a new password',
    form(
      '/account/reset-password',
      token,
      [{ fields: passwordFields }],
      {},
      errors,
      'Save my new password',
    ),
  );
}

/**
 * The emails the support server sends, each as plain text and simple HTML. Everything a user
 * wrote (names, subjects, replies) is escaped in the HTML. No template ever carries a password
 * or a session token; the only secret an email may hold is its own single-use link.
 */

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** Who the emails say they come from, and where their links point. */
export interface MailBrand {
  /** e.g. "PTI Support": subjects read "PTI Support Ticket Created: #HW00000094 …". */
  supportName: string;
  /** The server's public address, for the links in account emails. */
  publicUrl: string;
}

export interface TicketFacts {
  number: string;
  subject: string;
}

const surveyChoices = ['Very satisfied', 'Somewhat satisfied', 'Unsatisfied'] as const;

export function activationEmail(
  brand: MailBrand,
  args: { name: string; link: string; validHours: number },
): EmailContent {
  return compose(`Activate your ${brand.supportName} account`, brand, args.name, [
    p('Thank you for requesting a support account. Open this link to confirm your account:'),
    link(args.link),
    p(
      `You will choose your password and enter your company details. The link works once, for ${args.validHours} hours.`,
    ),
    p('If you did not ask for an account, ignore this email: nothing happens without the link.'),
  ]);
}

export function accountExistsEmail(brand: MailBrand, args: { name: string }): EmailContent {
  return compose(`Your ${brand.supportName} account`, brand, args.name, [
    p('Someone asked for a new support account with this email address, but you already have one.'),
    p(
      'Sign in with this address. If you have forgotten your password, choose "Forgot password" on the sign-in screen to reset it.',
    ),
    p('If this was not you, no action is needed.'),
  ]);
}

export function passwordResetEmail(
  brand: MailBrand,
  args: { name: string; link: string; validMinutes: number },
): EmailContent {
  return compose(`Reset your ${brand.supportName} password`, brand, args.name, [
    p('Someone asked to reset the password of your support account. To choose a new one, open:'),
    link(args.link),
    p(`The link works once, for ${args.validMinutes} minutes. Resetting signs you out everywhere.`),
    p('If you did not ask for this, ignore this email: your password stays as it is.'),
  ]);
}

export function passwordChangedEmail(brand: MailBrand, args: { name: string }): EmailContent {
  return compose(`Your ${brand.supportName} password was changed`, brand, args.name, [
    p('The password of your support account was just changed.'),
    p(
      'If you did not do this, reset your password at once with "Forgot password" on the sign-in screen, and tell your support team.',
    ),
  ]);
}

export function ticketCreatedEmail(
  brand: MailBrand,
  args: { name: string; ticket: TicketFacts },
): EmailContent {
  const { ticket } = args;
  return compose(
    `${brand.supportName} Ticket Created: #${ticket.number} ${ticket.subject}`,
    brand,
    args.name,
    [
      p(
        `A request for technical support has been created and assigned ticket #${ticket.number} for your reported issue:`,
      ),
      quote(ticket.subject),
      p(
        'You can follow its progress, add information and reply to our technicians in Gatedesk. Please do not open a new ticket for the same issue.',
      ),
    ],
  );
}

export function technicianReplyEmail(
  brand: MailBrand,
  args: { name: string; ticket: TicketFacts; technicianName: string; body: string },
): EmailContent {
  const { ticket } = args;
  return compose(
    `${brand.supportName} Ticket #${ticket.number} Answered: ${ticket.subject}`,
    brand,
    args.name,
    [
      p(`${args.technicianName} replied to ticket #${ticket.number} (${ticket.subject}):`),
      quote(args.body),
      p('Reply in Gatedesk to continue the conversation.'),
    ],
  );
}

export function statusChangedEmail(
  brand: MailBrand,
  args: { name: string; ticket: TicketFacts; from: string; to: string },
): EmailContent {
  const { ticket } = args;
  return compose(
    `${brand.supportName} Ticket #${ticket.number} is now ${args.to}: ${ticket.subject}`,
    brand,
    args.name,
    [
      p(
        `The status of ticket #${ticket.number} (${ticket.subject}) changed from ${args.from} to ${args.to}.`,
      ),
      p('Open the ticket in Gatedesk to see its history.'),
    ],
  );
}

export function ticketResolvedEmail(
  brand: MailBrand,
  args: { name: string; ticket: TicketFacts; reopenDays: number },
): EmailContent {
  const { ticket } = args;
  return compose(
    `${brand.supportName} Ticket #${ticket.number} Resolved: ${ticket.subject}`,
    brand,
    args.name,
    [
      p(`Ticket #${ticket.number} (${ticket.subject}) has been resolved.`),
      p(
        `If the issue is not solved, reopen the ticket in Gatedesk within ${args.reopenDays} days. After that it closes and can no longer be reopened or updated; you can then open a follow-up ticket.`,
      ),
    ],
  );
}

export function surveyRequestEmail(
  brand: MailBrand,
  args: { name: string; ticket: TicketFacts },
): EmailContent {
  const { ticket } = args;
  return compose(
    `How did we do? ${brand.supportName} Ticket #${ticket.number} ${ticket.subject}`,
    brand,
    args.name,
    [
      p('We want to hear from you! Please tell us how you rate the support you received for:'),
      quote(`#${ticket.number} ${ticket.subject}`),
      p(
        `Open the ticket in Gatedesk and choose ${surveyChoices
          .map((c) => `"${c}"`)
          .join(', ')
          .replace(/, ([^,]*)$/, ' or $1')}. Good or bad, a comment helps us improve.`,
      ),
    ],
  );
}

/** A support PIN was guessed wrong too often and no longer works (sites/support-pins.ts). */
export function supportPinLockedEmail(
  brand: MailBrand,
  args: { name: string; siteName: string; siteCode: string; attempts: number; lastBy: string },
): EmailContent {
  return compose(`Support PIN locked for ${args.siteName} (${args.siteCode})`, brand, args.name, [
    p(
      `A wrong support PIN was entered ${args.attempts} times for ${args.siteName} (${args.siteCode}), most recently by ${args.lastBy}. To protect the site, its support PIN no longer works.`,
    ),
    p(
      "If you still want a technician to see the site's PTI configuration, issue a new PIN in Gatedesk and give it to them directly. If you did not expect anyone to use a PIN, tell us.",
    ),
    p("The site's audit history in Gatedesk lists every attempt."),
  ]);
}

// Building blocks: each renders itself to text and to HTML, so the two versions say the same.

interface Block {
  text: string;
  html: string;
}

const p = (line: string): Block => ({ text: line, html: `<p>${escapeHtml(line)}</p>` });

const quote = (body: string): Block => ({
  text: body
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n'),
  html: `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc">${escapeHtml(body).replace(/\n/g, '<br>')}</blockquote>`,
});

const link = (url: string): Block => ({
  text: url,
  html: `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
});

function compose(subject: string, brand: MailBrand, name: string, blocks: Block[]): EmailContent {
  const all = [p(`Dear ${name},`), ...blocks, p(`Sincerely,\n${brand.supportName}`)];
  return {
    subject: oneLine(subject),
    text: all.map((b) => b.text).join('\n\n') + '\n',
    html:
      '<!doctype html><html><body style="font-family:sans-serif;font-size:14px;line-height:1.5">' +
      all.map((b) => b.html.replace(/\n/g, '<br>')).join('') +
      '</body></html>',
  };
}

/** A subject is one line, whatever a user typed into it. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 250);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

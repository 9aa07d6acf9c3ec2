import { describe, expect, it } from 'vitest';
import {
  activationEmail,
  surveyRequestEmail,
  technicianReplyEmail,
  ticketCreatedEmail,
} from '../../../src-server/mail/templates.js';

const brand = { supportName: 'PTI Support', publicUrl: 'https://support.example.com' };
const ticket = { number: 'HW00000094', subject: 'Storlogix Offline' };

describe('email templates', () => {
  it("name the ticket the way PTI's portal does", () => {
    const email = ticketCreatedEmail(brand, { name: 'TestTickets', ticket });
    expect(email.subject).toBe('PTI Support Ticket Created: #HW00000094 Storlogix Offline');
    expect(email.text).toMatch(/^Dear TestTickets,/);
    expect(email.text).toContain('assigned ticket #HW00000094');
    expect(email.html).toContain('Storlogix Offline');
  });

  it('escape what users wrote in the HTML and keep subjects on one line', () => {
    const email = technicianReplyEmail(brand, {
      name: 'Dana <script>',
      ticket: { number: 'SW00000001', subject: 'Gate\r\nBcc: victim@example.com' },
      technicianName: 'Sam & Co',
      body: '<img src=x onerror=alert(1)>\nline two',
    });
    expect(email.subject).toBe(
      'PTI Support Ticket #SW00000001 Answered: Gate Bcc: victim@example.com',
    );
    expect(email.html).not.toMatch(/<script>|<img/);
    expect(email.html).toContain('Dana &lt;script&gt;');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>line two');
    expect(email.text).toContain('  <img src=x onerror=alert(1)>\n  line two');
  });

  it('carry the single-use link in both versions, and say how long it works', () => {
    const link = 'https://support.example.com/account/activate?token=gdv_abc&x="1"';
    const email = activationEmail(brand, { name: 'Avery', link, validHours: 48 });
    expect(email.text).toContain(link);
    expect(email.html).toContain(
      'href="https://support.example.com/account/activate?token=gdv_abc&amp;x=&quot;1&quot;"',
    );
    expect(email.text).toContain('48 hours');
  });

  it('offer the three survey answers', () => {
    const email = surveyRequestEmail(brand, { name: 'AC Test', ticket });
    expect(email.text).toContain('"Very satisfied", "Somewhat satisfied" or "Unsatisfied"');
    expect(email.text).toContain('#HW00000094 Storlogix Offline');
  });
});

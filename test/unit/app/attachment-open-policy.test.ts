import { describe, expect, it } from 'vitest';
import {
  attachmentOpenDecision,
  viewerFileName,
} from '../../../src-main/app/attachment-open-policy.js';

const bytes = (...values: number[]) => new Uint8Array([...values, ...new Array(16).fill(0)]);
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0);
const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n');
const zip = bytes(0x50, 0x4b, 0x03, 0x04);
const text = new TextEncoder().encode('keypad 1 offline at 06:02\n');
const windowsProgram = bytes(0x4d, 0x5a, 0x90, 0x00);
const script = new TextEncoder().encode('#!/bin/sh\nrm -rf ~\n');

describe('which attachments the desktop app opens in the system viewer', () => {
  it('opens images and documents whose content matches their name', () => {
    for (const [name, head] of [
      ['gate.png', png],
      ['keypad.JPG', jpeg],
      ['manual.pdf', pdf],
      ['events.log', text],
      ['notes.txt', text],
      ['site plan.docx', zip],
      ['units.xlsx', zip],
    ] as const) {
      expect(attachmentOpenDecision({ name, head }), name).toMatchObject({ action: 'open' });
    }
  });

  it('never opens programs or scripts, whatever they are called', () => {
    for (const [name, head] of [
      ['photo.png', windowsProgram],
      ['notes.txt', windowsProgram],
      ['readme.txt', script],
      ['report.pdf', script],
    ] as const) {
      const decision = attachmentOpenDecision({ name, head });
      expect(decision.action, name).toBe('refuse');
      if (decision.action === 'refuse') expect(decision.reason).toMatch(/program|script|not a/);
    }
  });

  it('refuses files whose content is not what the name says', () => {
    expect(attachmentOpenDecision({ name: 'gate.png', head: jpeg })).toMatchObject({
      action: 'refuse',
      reason: expect.stringMatching(/not a PNG image/),
    });
    expect(attachmentOpenDecision({ name: 'plan.docx', head: text })).toMatchObject({
      action: 'refuse',
      reason: expect.stringMatching(/not a DOCX document/),
    });
  });

  it('saves but does not open archives, macro-capable office files and data files', () => {
    for (const name of [
      'logs.zip',
      'backup.tar',
      'old.doc',
      'old.xls',
      'units.csv',
      'a.json',
      'b.xml',
      'c.yml',
      'run.exe',
      'noextension',
    ]) {
      const decision = attachmentOpenDecision({ name, head: text });
      expect(decision.action, name).toBe('refuse');
      if (decision.action === 'refuse')
        expect(decision.reason).toMatch(/only images and documents/);
    }
  });

  it('names the viewer copy with plain characters and its own extension', () => {
    expect(viewerFileName('keypad 1.png', 'png')).toBe('keypad 1.png');
    expect(viewerFileName('-rf ..\\evil"name.pdf', 'pdf')).toBe('rf ___evil_name.pdf');
    expect(viewerFileName('.hidden.txt', 'txt')).toBe('hidden.txt');
    expect(viewerFileName('....png', 'png')).toBe('attachment.png');
    expect(viewerFileName(`${'a'.repeat(300)}.log`, 'log')).toBe(`${'a'.repeat(100)}.log`);
  });
});

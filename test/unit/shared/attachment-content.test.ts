import { describe, expect, it } from 'vitest';
import {
  contentMismatch,
  imageTypeOf,
  isImageName,
} from '../../../src-shared/attachment-content.js';

const bytes = (...values: number[]) => new Uint8Array([...values, ...new Array(12).fill(0)]);
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const jpeg = bytes(0xff, 0xd8, 0xff, 0xdb);
const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
const bmp = bytes(0x42, 0x4d, 0x36, 0x00);
const pdf = new TextEncoder().encode('%PDF-1.4\n');
const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">');
const html = new TextEncoder().encode('<!doctype html><script>');

describe('what an attachment’s first bytes say it is', () => {
  it('recognises the allow-listed images by content, whatever the name', () => {
    expect([png, jpeg, gif, bmp].map(imageTypeOf)).toEqual([
      'image/png',
      'image/jpeg',
      'image/gif',
      'image/bmp',
    ]);
  });

  it('never calls markup or documents an image, so they are never shown inline', () => {
    expect([svg, html, pdf, new Uint8Array()].map(imageTypeOf)).toEqual([null, null, null, null]);
  });

  it('refuses pictures and PDFs whose content is not what their name says', () => {
    expect(contentMismatch('gate.png', png)).toBeNull();
    expect(contentMismatch('gate.JPEG', jpeg)).toBeNull();
    expect(contentMismatch('manual.pdf', pdf)).toBeNull();
    expect(contentMismatch('gate.png', jpeg)).toBe('its content is not a PNG image');
    expect(contentMismatch('gate.gif', html)).toBe('its content is not a GIF image');
    expect(contentMismatch('manual.pdf', html)).toBe('its content is not a PDF document');
    // formats without a reliable signature are left to the executable check
    expect(contentMismatch('notes.txt', html)).toBeNull();
  });

  it('offers thumbnails for picture names only', () => {
    expect(['a.png', 'b.JPG', 'c.jpeg', 'd.gif', 'e.bmp'].every(isImageName)).toBe(true);
    expect(['a.pdf', 'b.svg', 'png', 'c.png.exe'].some(isImageName)).toBe(false);
  });
});

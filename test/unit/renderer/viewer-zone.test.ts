import { describe, expect, it } from 'vitest';
import {
  defaultViewerZone,
  viewerZoneOf,
} from '../../../src-renderer/src/components/callbacks/zone-choice';

// The callback screens read times in the account's zone from My settings, so a technician sees
// the same times on every computer; a zone picked on one computer still wins there.
describe('the zone the callback screens show times in', () => {
  it("is the account's zone from My settings when nothing is picked on this computer", () => {
    expect(viewerZoneOf(null, 'America/Denver', 'Europe/Berlin')).toBe('America/Denver');
    expect(defaultViewerZone('America/Denver', 'Europe/Berlin')).toBe('America/Denver');
  });

  it('is the zone picked on this computer, over the account zone', () => {
    expect(viewerZoneOf('Asia/Tokyo', 'America/Denver', 'Europe/Berlin')).toBe('Asia/Tokyo');
  });

  it("is this computer's zone when the account has none, or settings have not loaded", () => {
    expect(viewerZoneOf(null, undefined, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(viewerZoneOf(null, null, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(viewerZoneOf(null, '', 'Europe/Berlin')).toBe('Europe/Berlin');
  });

  it('skips an account zone this computer does not know rather than showing times wrong', () => {
    expect(viewerZoneOf(null, 'Mars/Olympus_Mons', 'Europe/Berlin')).toBe('Europe/Berlin');
  });
});

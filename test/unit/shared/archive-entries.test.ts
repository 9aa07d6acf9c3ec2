import { describe, expect, it } from 'vitest';
import {
  archiveRefusal,
  bytesSource,
  inspectZip,
  unsafeEntryName,
} from '../../../src-shared/archive-entries.js';
import { readZip } from '../../helpers/read-zip.js';
import { hostileYazlZip, rawZip, unicodePathExtra, yazlZip } from '../../helpers/zip-files.js';

const text = (s: string) => Buffer.from(s);
const inspect = (zip: Buffer) => inspectZip(bytesSource(zip));
const refusal = (zip: Buffer) => archiveRefusal(bytesSource(zip), 'logs.zip');

describe('entry names', () => {
  it.each([
    ['../../etc/cron.d/job', /climbs out/],
    ['logs/../../../Users/Public/run.bat', /climbs out/],
    ['..', /climbs out/],
    ['/etc/passwd', /absolute path/],
    ['..\\..\\Windows\\System32\\evil.dll', /backslashes/],
    ['logs\\gate.log', /backslashes/],
    ['C:/Windows/win.ini', /drive letter/],
    ['c:evil.txt', /drive letter/],
    ['a\0b.txt', /NUL/],
  ])('refuses %j', (name, why) => {
    expect(unsafeEntryName(name)).toMatch(why);
  });

  it.each(['logs/gate-2.log', 'a..b/c...txt', '..hidden/file', 'dir/', 'über/résumé.pdf', '.'])(
    'accepts %j',
    (name) => {
      expect(unsafeEntryName(name)).toBeNull();
    },
  );
});

describe('reading archives', () => {
  it('lists a real archive and finds nothing wrong in plain relative names', async () => {
    const zip = await yazlZip([
      { name: 'logs/gate-2/2026-11-23.log', data: text('ACCESS GRANTED\n'.repeat(500)) },
      { name: 'photos/keypad.png', data: Buffer.alloc(3000, 7) },
      { name: 'notes ü.txt', data: text('wiring') },
    ]);
    expect(await inspect(zip)).toEqual({ kind: 'zip', entries: 3, unsafe: null });
    expect(await refusal(zip)).toBeNull();
  });

  it('refuses each kind of escaping name, deflated by a real archiver', async () => {
    for (const [name, why] of [
      ['../../../../home/user/.bashrc', /climbs out/],
      ['/usr/local/bin/gate', /absolute path/],
      ['..\\..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\x.bat', /backslashes/],
      ['D:/autorun.inf', /drive letter/],
    ] as const) {
      const zip = await hostileYazlZip([
        { name: 'readme.txt', data: text('harmless first entry') },
        { name, data: text('payload') },
      ]);
      const found = await inspect(zip);
      expect(found).toMatchObject({ kind: 'zip', unsafe: { name } });
      const message = await refusal(zip);
      expect(message).toMatch(why);
      expect(message).toContain(`logs.zip contains "${name}"`);
      expect(message).toMatch(/cannot be attached/);
    }
  });

  it('reads zip64 archives too', async () => {
    const safe = await yazlZip([{ name: 'a/b.txt', data: text('x') }], { zip64: true });
    expect(await inspect(safe)).toMatchObject({ kind: 'zip', unsafe: null });
    const hostile = await hostileYazlZip([{ name: '../escape.txt', data: text('x') }], {
      zip64: true,
    });
    expect(await inspect(hostile)).toMatchObject({ unsafe: { name: '../escape.txt' } });
  });

  it('checks the local header too: streaming extractors use its name', async () => {
    const zip = rawZip([{ name: 'report.txt', localName: '../report.txt' }]);
    expect([...readZip(zip).keys()]).toEqual(['report.txt']);
    expect(await inspect(zip)).toMatchObject({ unsafe: { name: '../report.txt' } });
  });

  it('checks an Info-ZIP Unicode Path, which some extractors prefer to the plain name', async () => {
    const zip = rawZip([{ name: 'innocent.txt', extra: unicodePathExtra('../../x.sh') }]);
    expect(await inspect(zip)).toMatchObject({ unsafe: { name: '../../x.sh' } });
  });

  it('refuses symbolic links, which can point anywhere', async () => {
    const zip = rawZip([{ name: 'link', data: text('/etc'), unixMode: 0o120777 }]);
    expect(await inspect(zip)).toMatchObject({ unsafe: { problem: /symbolic link/ } });
    const plain = rawZip([{ name: 'file.txt', unixMode: 0o100644 }]);
    expect(await inspect(plain)).toMatchObject({ unsafe: null });
  });

  it('finds an archive with something glued in front, as readers do', async () => {
    const zip = rawZip([{ name: '../../glued.txt' }], {
      prefix: Buffer.concat([text('%PDF-1.4\n'), Buffer.alloc(5000, 0x20)]),
    });
    expect(await inspect(zip)).toMatchObject({ kind: 'zip', unsafe: { name: '../../glued.txt' } });
  });

  it('walks the local headers as streaming extractors do: hidden entries, cut-short archives', async () => {
    const hidden = rawZip([{ name: 'readme.txt' }, { name: '../../hidden.sh', hidden: true }]);
    expect([...readZip(hidden).keys()]).toEqual(['readme.txt']);
    expect(await inspect(hidden)).toMatchObject({ unsafe: { name: '../../hidden.sh' } });

    const hostile = await hostileYazlZip([
      { name: 'a.txt', data: text('x'.repeat(1000)) },
      { name: '../cut.txt', data: text('y') },
    ]);
    const cut = hostile.subarray(0, hostile.length - 30);
    expect(await inspect(cut)).toMatchObject({ kind: 'zip', unsafe: { name: '../cut.txt' } });
    expect(await refusal(cut)).toMatch(/logs\.zip contains "\.\.\/cut\.txt"/);

    const harmless = await yazlZip([{ name: 'a.txt', data: text('x'.repeat(1000)) }]);
    const cutHarmless = harmless.subarray(0, harmless.length - 30);
    expect(await inspect(cutHarmless)).toEqual({ kind: 'zip', entries: 1, unsafe: null });
    const broken = Buffer.from(harmless);
    broken.writeUInt32LE(0xdeadbeef, harmless.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    expect(await inspect(broken)).toEqual({ kind: 'zip', entries: 1, unsafe: null });
    expect(await refusal(broken)).toBeNull();
  });

  it('takes a file that only starts like a zip as no archive', async () => {
    const fake = Buffer.concat([
      Buffer.from('PK\x03\x04'),
      text('%PDF-1.4\n% gate 2 keypad log\n'),
    ]);
    expect(await inspect(fake)).toEqual({ kind: 'not_zip' });
  });

  it('leaves other files alone, even when their bytes contain the signature', async () => {
    expect(await inspect(text('plain text'))).toEqual({ kind: 'not_zip' });
    expect(await inspect(Buffer.alloc(0))).toEqual({ kind: 'not_zip' });
    // an image whose pixels happen to hold the end-of-directory signature
    const image = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      Buffer.alloc(1000, 1),
      Buffer.from([0x50, 0x4b, 0x05, 0x06]),
      Buffer.alloc(1000, 2),
    ]);
    expect(await inspect(image)).toEqual({ kind: 'not_zip' });
    expect(await archiveRefusal(bytesSource(image), 'photo.png')).toBeNull();
  });

  it('shows control characters in a name as "?" and shortens long names', async () => {
    const zip = rawZip([{ name: `../${'a'.repeat(300)}\u0007.txt` }]);
    const message = (await refusal(zip))!;
    expect(message).not.toContain('\u0007');
    expect(message).toContain('...');
    expect(message.length).toBeLessThan(500);
  });
});

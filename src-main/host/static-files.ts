import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticFile {
  path: string;
  size: number;
  contentType: string;
}

/**
 * Resolves a request path inside the renderer directory. Paths that would leave it resolve to
 * nothing; unknown paths without an extension fall back to index.html (client-side routes).
 */
export async function resolveStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root.endsWith(sep) ? root : root + sep))
    return null;
  const file =
    (await fileAt(candidate)) ?? (extname(decoded) ? null : await fileAt(join(root, 'index.html')));
  return file;
}

async function fileAt(path: string): Promise<StaticFile | null> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fileAt(join(path, 'index.html'));
    return {
      path,
      size: info.size,
      contentType: contentTypes[extname(path)] ?? 'application/octet-stream',
    };
  } catch {
    return null;
  }
}

export const openStatic = (file: StaticFile) => createReadStream(file.path);

import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file served as it is. */
export interface StaticAsset {
  /** HTTP `Content-Type`. */
  readonly contentType: string;
  /** The file's bytes. */
  readonly body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The page, its stylesheet and icon (`apps/demo/public`), from `src/server` and `dist/server`. */
export const PUBLIC_DIRECTORY = fileURLToPath(new URL('../../public/', import.meta.url));
/** The compiled softphone modules (`apps/demo/dist/softphone`). */
export const SOFTPHONE_BUILD_DIRECTORY = fileURLToPath(
  new URL('../../dist/softphone/', import.meta.url),
);

/** The softphone is not built, or core's codec module moved: says what to run. */
export class StaticAssetsMissingError extends Error {
  override readonly name = 'StaticAssetsMissingError';
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && CONTENT_TYPES[extname(entry.name)] !== undefined)
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The μ-law codec module of `@x/transport-core`, which the page imports via its import map. */
function coreUlawModulePath(): string {
  const coreEntry = createRequire(import.meta.url).resolve('@x/transport-core');
  return join(coreEntry, '..', 'audio', 'g711-ulaw.js');
}

/**
 * Loads the softphone's files into memory (they are small), keyed by URL path: the page at `/`,
 * `public/*` at `/<name>`, the compiled modules at `/app/…`, and core's μ-law codec at
 * `/vendor/g711-ulaw.js`. Only these paths are served, so no request can reach other files.
 * @throws StaticAssetsMissingError when the softphone has not been built.
 */
export async function loadStaticAssets(): Promise<Map<string, StaticAsset>> {
  const assets = new Map<string, StaticAsset>();
  const add = async (urlPath: string, file: string): Promise<void> => {
    const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    assets.set(urlPath, { contentType, body: await readFile(file) });
  };
  for (const file of await filesUnder(PUBLIC_DIRECTORY)) {
    await add(`/${relative(PUBLIC_DIRECTORY, file).split(sep).join('/')}`, file);
  }
  const index = assets.get('/index.html');
  if (index) assets.set('/', index);
  let compiled: string[];
  try {
    compiled = await filesUnder(SOFTPHONE_BUILD_DIRECTORY);
  } catch {
    compiled = [];
  }
  if (!compiled.some((file) => file.endsWith(`${sep}main.js`))) {
    throw new StaticAssetsMissingError(
      `the web softphone is not built (no ${SOFTPHONE_BUILD_DIRECTORY}main.js): run "pnpm --filter @x/demo build", or start with "pnpm demo", which builds it`,
    );
  }
  for (const file of compiled) {
    await add(`/app/${relative(SOFTPHONE_BUILD_DIRECTORY, file).split(sep).join('/')}`, file);
  }
  const codec = coreUlawModulePath();
  try {
    await add('/vendor/g711-ulaw.js', codec);
  } catch {
    throw new StaticAssetsMissingError(
      `@x/transport-core's μ-law module is missing at ${codec}: build core ("pnpm --filter @x/transport-core build")`,
    );
  }
  return assets;
}

/** Headers of every answer: nothing cached, no content type guessed. */
const COMMON_HEADERS = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/** Answers with a line of plain text. */
function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

/**
 * The server kit's `listen` fallback: serves `assets` (the page may use the microphone), answers
 * other methods 405 and other paths 404 with a hint.
 */
export function serveStaticAssets(
  assets: ReadonlyMap<string, StaticAsset>,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(response, 405, `Method ${method} not allowed on ${path}`);
      return;
    }
    const asset = assets.get(path);
    if (!asset) {
      sendText(
        response,
        404,
        `Not found: ${path}. Open / for the softphone; providers post to /twilio, /telnyx or /plivo.`,
      );
      return;
    }
    response.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': asset.contentType,
      'content-length': asset.body.byteLength,
      'permissions-policy': 'microphone=(self)',
    });
    response.end(asset.body);
  };
}

import { chromium, type Browser, type Page } from 'playwright-core';
// the same browser, flags and process start-up as the end-to-end tests
import { startBuiltProcess } from '../test/helpers/built-process.js';
import { chromiumArgs, chromiumPath } from '../test/helpers/chromium.js';

/**
 * What the UI benchmarks share: the built web host (out/main/host.js) in its own process, and
 * Debian's Chromium driven by playwright-core, as the end-to-end tests run the product.
 */

export interface WebHostProcess {
  launchUrl: string;
  /** Everything the host printed (its log lines name the demo's addresses). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built web host with `env` on top of this process's environment. */
export async function startWebHost(
  root: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<WebHostProcess> {
  const host = await startBuiltProcess({
    root,
    entry: 'host.js',
    name: 'the web host',
    address: /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/,
    env,
    timeoutMs,
  });
  return {
    launchUrl: host.address,
    output: host.output,
    async stop() {
      await host.stop();
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath)
    throw new Error(
      'Chromium was not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH.',
    );
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/** Opens the app at the office screen size and waits for the first sync to settle. */
export async function openApp(browser: Browser, launchUrl: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await page.goto(launchUrl);
  await page
    .locator('[data-testid="sync-state"][data-status="idle"]')
    .waitFor({ timeout: 180_000 });
  return page;
}

/**
 * Calls the contract from inside the page, over a WebSocket of its own to the web host (the
 * page holds the host's cookie), so setup goes through the same checks as the app's calls.
 * `inputs` are sent in order, `parallel` at a time; answers come back in the same order.
 */
export async function callInPage(
  page: Page,
  method: string,
  inputs: readonly unknown[],
  parallel = 50,
): Promise<unknown[]> {
  return page.evaluate(
    async ({ method, inputs, parallel }) => {
      const socket = new WebSocket(`ws://${location.host}/api`);
      await new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error('the web host refused the WebSocket'));
      });
      const waiting = new Map<
        number,
        (frame: { ok: boolean; value?: unknown; error?: unknown }) => void
      >();
      socket.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as {
          type: string;
          id: number;
          result: { ok: boolean; value?: unknown; error?: unknown };
        };
        if (frame.type === 'result') waiting.get(frame.id)?.(frame.result);
      };
      const results: unknown[] = new Array(inputs.length);
      let next = 0;
      const worker = async () => {
        while (next < inputs.length) {
          const id = next++;
          const result = await new Promise<{ ok: boolean; value?: unknown; error?: unknown }>(
            (resolve) => {
              waiting.set(id, resolve);
              socket.send(JSON.stringify({ type: 'call', id, method, input: inputs[id] }));
            },
          );
          waiting.delete(id);
          if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
          results[id] = result.value;
        }
      };
      try {
        await Promise.all(Array.from({ length: parallel }, worker));
      } finally {
        socket.close();
      }
      return results;
    },
    { method, inputs: [...inputs], parallel },
  );
}

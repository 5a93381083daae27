import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot run here): headless,
 * without the sandbox (containers), and without the background traffic a first run would start, in a
 * fresh profile that is removed afterwards.
 */
export const chromiumPath = '/usr/bin/chromium';
export const viewport = { width: 1280, height: 800 };

export type Browser = { context: BrowserContext; close(): Promise<void> };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Debian's Chromium (apt-get install chromium; .ci/run does it)`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'sessionscope-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

// Debian's Chromium; tests never download a browser. CHROMIUM_PATH points elsewhere when needed.
const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Launches the machine's Chromium headless, with the flags a closed network needs. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = candidates.find((path): path is string => !!path && existsSync(path));
  if (!executablePath) throw new Error('Chromium not found: install the Debian package "chromium"');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export { launchChromium } from './browser.ts';
export { cspDirectives } from './csp.ts';
export { type MailServer, type ReceivedMail, startMailServer } from './mail-server.ts';
export { type ServerProcess, type SpawnServerOptions, spawnServer } from './server.ts';
export { waitFor } from './wait.ts';

import { parseArgs } from 'node:util';
import { openDatabase } from '@klankbord/db';
import { loadConfig } from '../config.ts';
import { databaseLocation } from '../database.ts';
import { createLogger } from '../logger.ts';
import { seedOnFirstStart } from '../seed.ts';
import { addUserCommand } from './add-user.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { demoDataCommand } from './demo-data.ts';
import { identityProviderCommand } from './identity-provider.ts';
import { searchIndexCommand } from './search-index.ts';
import { setupCommand } from './setup.ts';

// `pnpm cli <command> [options]`: administration without a browser, on the database in DATA_DIR.
const commands = {
  setup: setupCommand,
  'add-user': addUserCommand,
  'demo-data': demoDataCommand,
  'search-index': searchIndexCommand,
  'identity-provider': identityProviderCommand,
} as const;
// These copy or replace the database itself, so they open no connection of their own to it (nor seed it).
const databaseCommands = { backup: backupCommand, restore: restoreCommand } as const;

const usage = `Usage: pnpm cli <command> [options]   (setup and add-user read the password from standard input)

  setup      --name NAME --email EMAIL [--organisation NAME]
             creates the first account, secretariaat of every network
  add-user   --name NAME --email EMAIL --network SLUG --role ROLE [--organisation NAME]
             creates an account with a role in a network (secretariaat, klankbordgroep, deelnemer, gast)
  demo-data  [--force]
             loads the public history of the Netwerk Grote Steden (netwerkdagen since 2007, with their
             published verslagen and afspraken);
             refuses a database that already has meetings unless --force
  search-index
             builds the search index again from everything stored
  identity-provider --organisation NAME --issuer URL --client-id ID --domains a.nl,b.nl [--password-sign-in on|off]
             signs the organisation's staff in through its own OpenID Connect provider (client secret on standard
             input); only accounts with an e-mail address in those domains
  identity-provider --organisation NAME --password-sign-in on|off | --remove
  backup     DIRECTORY
             copies the database and the attachment files into a new directory; the server may keep running
  restore    DIRECTORY [--force]
             replaces the database and the attachment files with a backup's; refused while a server uses the
             database (stop it first) unless --force`;

const [name, ...rest] = process.argv.slice(2);
const command = commands[name as keyof typeof commands];
const databaseCommand = databaseCommands[name as keyof typeof databaseCommands];
if (!command && !databaseCommand) {
  console.error(usage);
  process.exit(2);
}
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: databaseCommand !== undefined,
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    organisation: { type: 'string' },
    network: { type: 'string' },
    role: { type: 'string' },
    force: { type: 'boolean' },
    issuer: { type: 'string' },
    'client-id': { type: 'string' },
    domains: { type: 'string' },
    'password-sign-in': { type: 'string' },
    remove: { type: 'boolean' },
  },
});
const config = loadConfig(process.env);
// Said first, on standard error: a DATA_DIR other than the running server's fills a database nobody sees.
console.error(`DATA_DIR ${config.dataDir}`);
if (databaseCommand) {
  const args = { target: positionals[0], force: values.force };
  const code = await databaseCommand(config, args).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  });
  process.exit(code);
}
const db = await openDatabase(databaseLocation(config));
try {
  await seedOnFirstStart(db, config.seedFile, createLogger('warn'));
  process.exitCode = await command(db, values, config);
} finally {
  await db.destroy();
}

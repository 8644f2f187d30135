import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { DataFolderBusyError } from '../db/data-folder-lock.ts';
import { registerAuditCommands } from './audit.ts';
import { registerFugitiveExchangeCommands } from './fugitives.ts';
import { registerImportCommands } from './import-interpol.ts';
import { EXIT } from './operation.ts';
import { registerPlatformCommands } from './platform-commands.ts';
import { busyMessage } from './run-operation.ts';
import { registerScreenCommands } from './screen.ts';
import { registerServeCommand } from './serve.ts';

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT.usage);
    }
    throw error;
  }
}

const program = new Command()
  .name('concord')
  .description('Concord: anti-corruption cooperation platform of China and the ASEAN states')
  .showHelpAfterError()
  // A command's options are read before its subcommand's name only, so that `screen` and `screen pairs` both take --input.
  .enablePositionalOptions()
  .addHelpText(
    'after',
    '\nExit codes: 0 done; 1 the command ran and failed (nothing was changed); 2 bad arguments or input file; ' +
      '3 the embedded data folder is held by another process; 130 interrupted.',
  );

registerServeCommand(program, config);
registerPlatformCommands(program, config);
registerAuditCommands(program, config);
registerScreenCommands(program);
registerImportCommands(program, config);
registerFugitiveExchangeCommands(program, config);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof DataFolderBusyError)) throw error;
  process.stderr.write(busyMessage(error.folder, error.holder));
  process.exitCode = EXIT.busy;
}

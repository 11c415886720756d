import { COMMON_OPTIONS, parseCommandArgs } from './args.js';
import { completionCommand } from './commands/completion.js';
import { demoCommand } from './commands/demo.js';
import { fitCommand } from './commands/fit.js';
import { imputeCommand } from './commands/impute.js';
import { predictCommand } from './commands/predict.js';
import { sampleCommand } from './commands/sample.js';
import { EXIT, isUserError, UsageError } from './errors.js';
import { HELP } from './help.js';
import { removeTemporaryFiles } from './interrupt.js';
import { writeStdout } from './io/output.js';
import { escapeControlCharacters } from './safe-text.js';
import { didYouMean } from './suggest.js';
import { VERSION } from './version.js';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  completion: completionCommand,
  demo: demoCommand,
  fit: fitCommand,
  impute: imputeCommand,
  predict: predictCommand,
  sample: sampleCommand,
};

const COMMAND_LIST = 'demo, fit, predict, impute, sample and completion';

/**
 * Runs `em` with the given arguments and returns the exit code. Errors that are the user's to fix
 * become one line on stderr and exit code 2; anything else is a bug (exit code 1). `--debug`
 * adds the stack trace.
 */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const [first, ...rest] = argv;
  const command = first !== undefined && !first.startsWith('-') ? first : 'demo';
  const args = first !== undefined && !first.startsWith('-') ? rest : argv;
  try {
    if (command === 'help') return await help(args);
    if (args.includes('--version') || args.includes('-V')) {
      await writeStdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (args.includes('--help') || args.includes('-h')) {
      if (first === undefined || first.startsWith('-')) return await help([]);
      if (COMMANDS[command]) return await help([command]);
    }
    const run = COMMANDS[command];
    if (!run)
      throw new UsageError(
        `unknown command '${command}'${didYouMean(command, [...Object.keys(COMMANDS), 'help']) || `; the commands are ${COMMAND_LIST} (em --help)`}`,
      );
    return await run(args);
  } catch (error) {
    removeTemporaryFiles();
    const prefix = command in COMMANDS ? `em ${command}` : 'em';
    if (isUserError(error)) {
      process.stderr.write(`${prefix}: ${oneLine(error.message)}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${prefix}: internal error: ${oneLine(message)}${debug ? '' : ' (run again with --debug for details)'}\n`,
    );
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
}

function oneLine(message: string): string {
  return escapeControlCharacters(message.replace(/\s*\n\s*/g, ' ').trim());
}

async function help(args: string[]): Promise<number> {
  const topic = args.find((a) => !a.startsWith('-'));
  if (topic !== undefined && !HELP[topic])
    throw new UsageError(
      `no help for '${topic}'${didYouMean(topic, Object.keys(COMMANDS)) || `: the commands are ${COMMAND_LIST}`}`,
    );
  parseCommandArgs(
    'help',
    args.filter((a) => a !== topic),
    COMMON_OPTIONS,
  );
  await writeStdout(HELP[topic ?? 'main']!);
  return EXIT.ok;
}

import { COMMON_OPTIONS, parseCommandArgs } from '../args.js';
import { completionScript, SHELLS, type Shell } from '../completion.js';
import { EXIT, UsageError } from '../errors.js';
import { writeStdout } from '../io/output.js';
import { didYouMean } from '../suggest.js';

/** `em completion bash|zsh|fish`: prints the shell's completion script. */
export async function completionCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs('completion', args, COMMON_OPTIONS);
  const shell = positionals[0];
  if (positionals.length !== 1 || !(SHELLS as readonly string[]).includes(shell!)) {
    throw new UsageError(
      shell === undefined
        ? `expected a shell: em completion ${SHELLS.join('|')}`
        : `expected one of ${SHELLS.join(', ')}, received ${positionals.map((p) => JSON.stringify(p)).join(' ')}${didYouMean(shell, SHELLS)}`,
    );
  }
  await writeStdout(completionScript(shell as Shell));
  return EXIT.ok;
}

import type { AppConfig } from '../config/app-config.js';

/** A refusal the operator can act on: printed as one line, exit code 1, no stack. */
export class CliError extends Error {}

/** One sub-command: takes its own arguments and the validated configuration, returns the exit code. */
export interface Command {
  usage: string;
  summary: string;
  run(args: string[], config: AppConfig): Promise<number>;
}

/** `--name value` and `--name=value` flags; anything else is refused. */
export function parseFlags(args: string[], allowed: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const match = args[i].match(/^--([a-z][a-z-]*)(?:=(.*))?$/s);
    if (!match || !allowed.includes(match[1])) throw new CliError(`unexpected argument: ${args[i]}`);
    const value = match[2] ?? args[++i];
    if (value === undefined) throw new CliError(`--${match[1]} needs a value`);
    flags[match[1]] = value;
  }
  return flags;
}

/** The first line of standard input (without its line break), or '' at end of input. */
export async function readLine(input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0].replace(/\r$/, '');
}

import { type ParseArgsConfig, parseArgs } from 'node:util';
import { nearest } from './did-you-mean.js';

/** A mistake in the command line: exit code 2, with a message naming the flag and the fix. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<T extends Options>(
  argv: string[],
  options: T,
): ReturnType<typeof parseArgs<{ options: T; args: string[] }>>['values'] {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    const e = error as Error & { code?: string };
    const unknown = /^Unknown option '([^']+)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
      const flags = Object.keys(options).map((name) => `--${name}`);
      const near = nearest(unknown.replace(/=.*$/, ''), flags);
      throw new UsageError(near ? `Unknown option '${unknown}': did you mean ${near}?` : `Unknown option '${unknown}'`);
    }
    throw new UsageError(e.message);
  }
}

/**
 * The port to listen on: --port, else the PORT environment variable (as platforms that assign ports set it),
 * else the fallback.
 */
export function portFlag(value: string | undefined, fallback: number, env: string | undefined = undefined): number {
  const [given, name] = value !== undefined ? [value, '--port'] : env !== undefined && env !== '' ? [env, 'PORT'] : [];
  if (given === undefined) return fallback;
  const port = Number(given);
  if (!/^\d+$/.test(given) || port > 65535)
    throw new UsageError(`${name} must be an integer from 0 to 65535 (0 = a free port), got '${given}'`);
  return port;
}

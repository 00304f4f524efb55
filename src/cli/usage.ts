import { type ParseArgsConfig, parseArgs } from 'node:util';

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
    throw new UsageError((error as Error).message);
  }
}

export function portFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port must be an integer from 0 to 65535 (0 = a free port), got '${value}'`);
  return port;
}

/** `--waive CHECK[,CHECK]`: failed checks a team knowingly accepts; every report lists them. */
import { UsageError } from '../usage.js';
import { CHECKS, type CheckName } from './grade.js';

export function waiveFlag(value: string | undefined): Set<CheckName> {
  if (value === undefined) return new Set();
  const names = value.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(CHECKS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0)
    throw new UsageError(
      `--waive takes check names separated by commas, e.g. --waive reported.httpStatus; ${unknown.map((n) => `'${n}'`).join(', ') || "''"} is not one of: ${CHECKS.join(', ')}`,
    );
  return new Set(names as CheckName[]);
}

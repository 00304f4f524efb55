/** Types of drivers.mjs, for the TypeScript test that imports it. */
export interface DriverMode {
  column: string;
  label: string;
  command(dir: string): string;
}
export interface DebianDriver {
  id: string;
  packages: string;
  missing(): string | undefined;
  build(dir: string): void;
  expected: string;
  modes: DriverMode[];
}
export interface CaseVerdict {
  name: string;
  status: string;
  failedChecks?: string[];
}
export const here: string;
export const nodeDrivers: Array<{ label: string; command: string }>;
export const debianDrivers: DebianDriver[];
export function verdictText(c: CaseVerdict): string;
export function readVerdicts(file: string): Map<string, Map<string, string | undefined>>;
export function verdictsMarkdown(driver: DebianDriver, runs: Record<string, CaseVerdict[]>): string;

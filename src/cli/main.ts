#!/usr/bin/env node
/** ecs-conformance: the command line of the kit. Each subcommand lives in its own module, loaded on demand. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../openapi/package-root.js';
import { nearest } from './did-you-mean.js';
import { UsageError } from './usage.js';

const commands: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  serve: {
    summary: 'run the CreateSnapshot simulator (HTTP API and /_sim/ control plane)',
    run: async (argv) => (await import('./serve.js')).serve(argv),
  },
  verify: {
    summary: 'verify any HTTP service that claims to implement CreateSnapshot (pacts + OpenAPI-derived suite)',
    run: async (argv) => (await import('./verify.js')).verify(argv),
  },
  'check-client': {
    summary: 'grade a client in any language through a driver command, against the simulator',
    run: async (argv) => (await import('./check-client.js')).checkClient(argv),
  },
};

const help = `Usage: ecs-conformance <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(14)}${c.summary}`)
  .join('\n')}

Options: --help, --version

Run 'ecs-conformance <command> --help' for the options of a command.
Exit status (every command): 0 when everything passed, 1 when something failed, 2 on a usage error, which
includes a selector (verify --only, check-client --scenarios) that matches nothing.`;

const version = () =>
  (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(help);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  const command = commands[name];
  if (command === undefined) {
    const near = nearest(name, [...Object.keys(commands), '--help', '--version']);
    const what = name.startsWith('-') ? 'option' : 'command';
    console.error(`ecs-conformance: unknown ${what} '${name}'${near ? `: did you mean ${near}?` : ''}\n\n${help}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`ecs-conformance ${name}: ${error.message}\nRun 'ecs-conformance ${name} --help' for usage.`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

/**
 * The driver protocol's loop, shared by the Node.js drivers here: reads the calls, one JSON line each, and
 * prints each result as one line as soon as it has it, until stdin ends. So a driver works both ways
 * check-client runs it: once per scenario (one line, then the end of stdin) and with --persistent.
 * `answer(call)` returns what the client told its caller; an exception becomes an error result.
 */
import { createInterface } from 'node:readline';

export async function answerCalls(answer) {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    let result;
    try {
      result = await answer(JSON.parse(line));
    } catch (error) {
      result = { ok: false, code: null, httpStatus: null, error: String(error?.message ?? error) };
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

/** Where the call goes: its `endpoint` (check-client sends one with every call), else ECS_ENDPOINT (by hand). */
export const endpointOf = (call) => call.endpoint ?? process.env.ECS_ENDPOINT;

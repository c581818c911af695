import { z } from 'zod';
import { commands, isCommandName, type CommandEnvelope, type CommandName } from '../shared/contract';
import type { HeirloomCore } from '../core/api/core';

function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'arguments'}: ${issue.message}`).join('; ');
}

/**
 * The one entry point of every transport (Electron IPC, browser host): re-validates the command
 * name and its arguments with the contract (the renderer is untrusted) and never throws.
 */
export async function runCommand(core: Pick<HeirloomCore, 'handlers'>, name: string, rawArgs: unknown): Promise<CommandEnvelope> {
  if (!isCommandName(name)) return { ok: false, error: { code: 'unknown-command', message: `Unknown command: ${name}` } };
  const spec = commands[name];
  const parsed = spec.args.safeParse(rawArgs ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'invalid-arguments', message: describeZodError(parsed.error) } };
  try {
    const handler = core.handlers[name] as (args: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof z.ZodError) return { ok: false, error: { code: 'invalid-arguments', message: describeZodError(error) } };
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'command-failed';
    return { ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } };
  }
}

export type { CommandName };

// Turns a transport's CommandEnvelope into the command's typed result, or a HeirloomError.
import { HeirloomError } from '../../electron/shared/client';
import { CommandEnvelopeSchema, commands } from '../../electron/shared/contract';
import type { CommandName, CommandResult, ImportResult, RejectedFile } from '../../electron/shared/contract';

export function resultFromEnvelope<K extends CommandName>(name: K, raw: unknown): CommandResult<K> {
  const envelope = CommandEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new HeirloomError('bad_response', `${name}: the reply is not a command envelope`);
  if (!envelope.data.ok) throw new HeirloomError(envelope.data.error.code, envelope.data.error.message);
  const result = commands[name].result.safeParse(envelope.data.result);
  if (!result.success) throw new HeirloomError('bad_response', `${name}: unexpected result: ${result.error.message}`);
  return result.data as CommandResult<K>;
}

export function emptyImportResult(parts: Partial<Pick<ImportResult, 'rejected' | 'skipped'>> = {}): ImportResult {
  return { importId: '', photos: [], rejected: [], skipped: [], duplicates: 0, unchanged: 0, canceled: false, ...parts };
}

export function rejectedOnly(file: RejectedFile): ImportResult {
  return emptyImportResult({ rejected: [file] });
}

/** Several imports (one per upload, or per folder) as one: lists joined, counts added. */
export function mergeImportResults(results: readonly ImportResult[]): ImportResult {
  return {
    importId: results.find((r) => r.importId !== '')?.importId ?? '',
    photos: results.flatMap((r) => r.photos),
    rejected: results.flatMap((r) => r.rejected),
    skipped: results.flatMap((r) => r.skipped),
    duplicates: results.reduce((sum, r) => sum + r.duplicates, 0),
    unchanged: results.reduce((sum, r) => sum + r.unchanged, 0),
    canceled: results.some((r) => r.canceled),
  };
}

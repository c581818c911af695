// What an output file will be called, for the preview under the naming field. Mirrors the
// core's tokens: {name} the original's stem, {workflow} the workflow id, {date} YYYY-MM-DD.
import type { SettingsDto } from '../../../electron/shared/contract';

const EXTENSIONS: Readonly<Record<SettingsDto['outputFormat'], string>> = { png: 'png', jpeg: 'jpg', tiff: 'tif', webp: 'webp' };

export function previewName(pattern: string, format: SettingsDto['outputFormat'], example: { stem: string; workflowId: string; date: Date }): string {
  const date = `${example.date.getFullYear()}-${String(example.date.getMonth() + 1).padStart(2, '0')}-${String(example.date.getDate()).padStart(2, '0')}`;
  const name = pattern.replaceAll('{name}', example.stem).replaceAll('{workflow}', example.workflowId).replaceAll('{date}', date);
  return `${name}.${EXTENSIONS[format]}`;
}

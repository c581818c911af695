// Files every OS leaves in photo folders that are never photos. They are listed as skipped
// instead of being uploaded only to be refused (the core skips the same names on disk).
export function isJunkFile(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'thumbs.db' || lower === 'desktop.ini' || lower === '.ds_store' || name.startsWith('._');
}

export const JUNK_CODE = 'junk';

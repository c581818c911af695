// Routes of the browser host (HTTP + WebSocket). The Electron transport uses IPC channels instead.
export const WIRE = {
  /** POST JSON args → CommandEnvelope. */
  commandPath: (name: string) => `/api/commands/${encodeURIComponent(name)}`,
  /** WebSocket; server → client text frames `{ name, payload }`. */
  eventsPath: '/api/events',
  /** POST raw file bytes; file name in the header below (URI-encoded) → CommandEnvelope<ImportResult>. */
  uploadPath: '/api/upload',
  uploadNameHeader: 'x-heirloom-filename',
  /**
   * Path inside a dropped or picked folder, '/'-separated and URI-encoded, starting with the
   * folder's own name ('Grandma/1962/a.jpg'); absent for loose files. Lets the core keep the
   * album and its tree for uploads as it does for folders imported by path.
   */
  uploadRelPathHeader: 'x-heirloom-relpath',
  /** GET image bytes of a photo known to the database. */
  mediaPath: (photoId: string, variant: string) => `/media/${encodeURIComponent(photoId)}/${variant}`,
  /** GET one result of a photo by its job id (a variant); immutable, so cached for good. */
  resultPath: (photoId: string, jobId: string) => `/media/${encodeURIComponent(photoId)}/result/${encodeURIComponent(jobId)}`,
  /** Token: `Authorization: Bearer <t>`, cookie below, or `?token=` (which also sets the cookie). */
  tokenCookie: 'heirloom_token',
} as const;

/** IPC channel names of the Electron transport. */
export const IPC = {
  command: 'heirloom:command',
  event: 'heirloom:event',
} as const;

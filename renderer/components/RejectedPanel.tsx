// Files the last imports refused or passed over (junk, non-photos), each with the reason, until
// the user dismisses the list; plus how many were already in the library or unchanged.
// Reasons the UI knows by code are worded in the user's language (the core's own words stay in
// the tooltip); anything else is a transfer that failed, shown with its message.
import { useShallow } from 'zustand/react/shallow';
import type { RejectedFile } from '../../electron/shared/contract';
import type { MessageKey, T } from '../i18n/messages';
import { useT } from '../i18n/use-t';
import { UPLOAD_FAILED_CODE } from '../client/browser';
import { useApp } from '../store/context';
import { CloseIcon } from './icons';

const REASONS: Readonly<Record<string, MessageKey>> = {
  empty: 'rejected.reason.empty',
  'not-an-image': 'rejected.reason.notAnImage',
  'not-a-photo': 'rejected.reason.notAnImage',
  'unsupported-format': 'rejected.reason.notAnImage',
  corrupt: 'rejected.reason.corrupt',
  'too-many-pixels': 'rejected.reason.tooManyPixels',
  'too-large': 'rejected.reason.tooLarge',
  unreadable: 'rejected.reason.unreadable',
  'folder-unreadable': 'rejected.reason.unreadable',
  'not-found': 'rejected.reason.notFound',
  junk: 'rejected.reason.junk',
  hidden: 'rejected.reason.hidden',
  'not-recursed': 'rejected.reason.notRecursed',
  'link-outside': 'rejected.reason.link',
  'link-broken': 'rejected.reason.link',
  'link-loop': 'rejected.reason.link',
  excluded: 'rejected.reason.excluded',
  'not-a-file': 'rejected.reason.notAFile',
  no_path: 'rejected.reason.noPath',
  host_unreachable: 'rejected.reason.hostUnreachable',
};

/** The reason in the user's language when the code is known; otherwise the words that came with it. */
export function rejectionText(file: RejectedFile, t: T): string {
  if (file.code === UPLOAD_FAILED_CODE) return t('rejected.reason.uploadFailed', { message: file.reason });
  const key = REASONS[file.code];
  return key === undefined ? file.reason : t(key);
}

export function RejectedPanel() {
  const t = useT();
  const refused = useApp(useShallow((s) => s.rejected));
  const skipped = useApp(useShallow((s) => s.skipped));
  const duplicates = useApp((s) => s.duplicates);
  const unchanged = useApp((s) => s.unchanged);
  const dismiss = useApp((s) => s.dismissRejected);
  if (refused.length === 0 && skipped.length === 0 && duplicates === 0 && unchanged === 0) return null;
  const rejected = [...refused, ...skipped];
  return (
    <section className="rejected" aria-label={t('rejected.region')} data-testid="rejected-list">
      <header className="rejected-header">
        <div>
          {rejected.length > 0 && <h2>{t('rejected.title', { count: rejected.length })}</h2>}
          {duplicates > 0 && (
            <p className="muted" data-testid="duplicates">
              {t('rejected.duplicates', { count: duplicates })}
            </p>
          )}
          {unchanged > 0 && (
            <p className="muted" data-testid="unchanged">
              {t('rejected.unchanged', { count: unchanged })}
            </p>
          )}
        </div>
        <button type="button" className="icon-button" aria-label={t('actions.dismiss')} onClick={dismiss}>
          <CloseIcon />
        </button>
      </header>
      {rejected.length > 0 && (
        <ul>
          {rejected.map((file, index) => (
            <li key={`${index}:${file.name}`} data-testid="rejected-item" data-code={file.code}>
              <span className="rejected-name">{file.name}</span>
              <span className="rejected-reason" title={file.reason}>
                {rejectionText(file, t)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

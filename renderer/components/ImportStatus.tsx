// Imports the core is still walking (a big folder takes a while): what it found so far, the file
// in hand, and a way to stop (what was imported until then stays).
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';

export function ImportStatus() {
  const t = useT();
  const imports = useApp(useShallow((s) => Object.values(s.imports)));
  const cancel = useApp((s) => s.cancelImport);
  if (imports.length === 0) return null;
  return (
    <div className="banners" data-testid="import-status">
      {imports.map((progress) => (
        <div key={progress.importId} className="banner banner-neutral" role="status">
          <div className="import-line">
            <p className="banner-title">{t('import.running', { found: progress.found, imported: progress.imported })}</p>
            {progress.current !== null && <p className="banner-detail">{progress.current}</p>}
          </div>
          <button type="button" className="button button-small" onClick={() => void cancel(progress.importId)}>
            {t('import.stop')}
          </button>
        </div>
      ))}
    </div>
  );
}

// Auto-update is wired but off unless a feed is configured: HEIRLOOM_UPDATE_URL (generic
// provider) or a `publish` entry in build/electron-builder.yml, which makes electron-builder
// write resources/app-update.yml. Heirloom is private by default: no feed, no network call.
import * as electronUpdater from 'electron-updater';

export const UPDATE_URL_ENV = 'HEIRLOOM_UPDATE_URL';

export type UpdateSource = { kind: 'off'; reason: string } | { kind: 'generic'; url: string } | { kind: 'app-update-yml' };
export type Updater = Pick<electronUpdater.AppUpdater, 'setFeedURL' | 'checkForUpdatesAndNotify'>;

export function updateSource(input: { isPackaged: boolean; envUrl: string | undefined; appUpdateYmlExists: boolean }): UpdateSource {
  if (!input.isPackaged) return { kind: 'off', reason: 'not packaged (updates apply to installed builds only)' };
  const raw = input.envUrl?.trim();
  if (raw) {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    if (url?.protocol !== 'https:') return { kind: 'off', reason: `${UPDATE_URL_ENV} must be an https URL, got "${raw}"` };
    return { kind: 'generic', url: url.href };
  }
  if (input.appUpdateYmlExists) return { kind: 'app-update-yml' };
  return { kind: 'off', reason: `no publish feed configured (set ${UPDATE_URL_ENV} or a publish entry in electron-builder.yml)` };
}

/**
 * `autoUpdater` is a getter on electron-updater's module.exports: the CJS bundle sees it as a
 * property, Node's ESM loader only under `default`. Reading it creates the platform updater,
 * so it is read only when updates are on.
 */
export function autoUpdaterOf(module: { autoUpdater?: Updater; default?: { autoUpdater?: Updater } }): Updater {
  const updater = module.autoUpdater ?? module.default?.autoUpdater;
  if (!updater) throw new Error('electron-updater exposes no autoUpdater');
  return updater;
}

export async function startAutoUpdate(source: UpdateSource, log: (line: string) => void, updater: () => Updater = () => autoUpdaterOf(electronUpdater)): Promise<void> {
  switch (source.kind) {
    case 'off':
      log(`auto-update off: ${source.reason}`);
      return;
    case 'generic':
    case 'app-update-yml': {
      const active = updater();
      if (source.kind === 'generic') active.setFeedURL({ provider: 'generic', url: source.url });
      log(`auto-update: checking ${source.kind === 'generic' ? source.url : 'the feed in app-update.yml'}`);
      await active.checkForUpdatesAndNotify();
      return;
    }
    default: {
      const never: never = source;
      throw new Error(`unknown update source ${JSON.stringify(never)}`);
    }
  }
}

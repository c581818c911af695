// Words for a backend's state, shared by the banner and the settings dialog's connection test.
import type { BackendDto } from '../../electron/shared/contract';
import type { T } from '../i18n/messages';

const GIB = 1024 ** 3;

export function deviceText(backend: Pick<BackendDto, 'devices'>): string | null {
  const device = backend.devices[0];
  if (device === undefined) return null;
  return device.vramTotal > 0 ? `${device.name} · ${(device.vramTotal / GIB).toFixed(0)} GB` : device.name;
}

export function versionText(backend: Pick<BackendDto, 'version'>, t: T): string {
  return backend.version ?? t('backend.unknownVersion');
}

/** The node the DDColor workflows need; a backend without it gets an install hint. */
export const DDCOLOR_NODE = 'DDColor_Colorize';

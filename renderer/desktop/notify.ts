// OS notifications through the web Notification API: the same code in Electron (where the
// session grants it to heirloom://app only) and in a browser (where the user decides).
import type { T } from '../i18n/messages';
import type { AlbumDto } from '../../electron/shared/contract';
import type { Finished } from '../store/finished';

/** Asks once, from a click or drop (browsers want a user gesture); a refusal is respected. */
export function askToNotify(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission();
}

export interface Announcement {
  title: string;
  body: string;
  /** Album to show when the notification is clicked; null for the loose photos. */
  albumId: string | null;
}

/** What to say for groups that just finished; counts come from the library index. */
export function announcements(
  finished: Finished,
  albums: readonly AlbumDto[],
  counts: (albumId: string | null) => { done: number; failed: number },
  t: T,
): Announcement[] {
  const say = (albumId: string | null, name: string | null): Announcement => {
    const { done, failed } = counts(albumId);
    const title = name === null ? t('notify.looseTitle') : t('notify.albumTitle', { name });
    const body = failed > 0 ? t('notify.bodyFailed', { count: done, failed }) : t('notify.body', { count: done });
    return { title, body, albumId };
  };
  const list = finished.albumIds.map((id) => say(id, albums.find((a) => a.id === id)?.name ?? id));
  if (finished.loose) list.push(say(null, null));
  return list;
}

export function show(announcement: Announcement, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(announcement.title, { body: announcement.body, tag: `heirloom-${announcement.albumId ?? 'loose'}` });
  notification.onclick = () => {
    window.focus();
    onClick();
  };
}

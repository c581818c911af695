// Where the photos are: all of them, the ones added one by one, and each album (a folder that
// was added), each with its progress, time left and its own pause button.
import { useShallow } from 'zustand/react/shallow';
import type { AlbumDto } from '../../electron/shared/contract';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { sameScope } from '../store/filters';
import type { Scope } from '../store/filters';
import type { GroupProgress } from '../store/library-index';
import { FolderIcon, PauseIcon, PhotosIcon, PlayIcon, RetryIcon } from './icons';
import { ProgressBar } from './ProgressBar';
import { groupStatusText } from './progress-text';

interface ScopeItemProps {
  scope: Scope;
  name: string;
  group: GroupProgress;
  paused: boolean;
  icon: 'photos' | 'folder';
  album?: AlbumDto;
}

function ScopeItem({ scope, name, group, paused, icon, album }: ScopeItemProps) {
  const t = useT();
  const current = useApp((s) => sameScope(s.scope, scope));
  const setScope = useApp((s) => s.setScope);
  const pause = useApp((s) => s.pause);
  const resume = useApp((s) => s.resume);
  const rescan = useApp((s) => s.rescan);
  const statusText = groupStatusText(group, paused, t);
  const busy = group.waiting + group.running > 0;
  return (
    <li className={current ? 'scope scope-current' : 'scope'} data-testid={album === undefined ? `scope-${scope.kind}` : 'album'} data-album-name={album?.name}>
      <button type="button" className="scope-main" aria-current={current ? 'true' : undefined} title={album?.rootPath} onClick={() => setScope(scope)}>
        <span className="scope-icon" aria-hidden>
          {icon === 'folder' ? <FolderIcon /> : <PhotosIcon />}
        </span>
        <span className="scope-name">{name}</span>
        <span className="scope-count">{group.total}</span>
      </button>
      {(busy || group.fraction < 1) && group.total > 0 && (
        <div className="scope-progress">
          <ProgressBar value={group.fraction} label={t('sidebar.progressOf', { name })} inline />
        </div>
      )}
      <div className="scope-status">
        <span className="muted" data-testid="scope-status">
          {statusText}
        </span>
        {album !== undefined && !busy && (
          <button type="button" className="icon-button icon-button-small" aria-label={t('sidebar.rescanAlbum', { name })} title={t('sidebar.rescan')} onClick={() => void rescan(album.id)}>
            <RetryIcon />
          </button>
        )}
        {album !== undefined && busy && (
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label={paused ? t('sidebar.resumeAlbum', { name }) : t('sidebar.pauseAlbum', { name })}
            title={paused ? t('actions.resume') : t('actions.pause')}
            onClick={() => void (paused ? resume(album.id) : pause(album.id))}
          >
            {paused ? <PlayIcon /> : <PauseIcon />}
          </button>
        )}
      </div>
    </li>
  );
}

export function Sidebar() {
  const t = useT();
  const albums = useApp(useShallow((s) => s.albums));
  const index = useApp((s) => s.index);
  const queue = useApp((s) => s.queue);
  const withPhotos = albums.flatMap((album) => {
    const group = index.byAlbum[album.id];
    return group !== undefined && group.total > 0 ? [{ album, group }] : [];
  });
  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <ul className="scopes">
        <ScopeItem scope={{ kind: 'all' }} name={t('sidebar.all')} group={index.all} paused={queue.paused} icon="photos" />
        {index.loose.total > 0 && withPhotos.length > 0 && <ScopeItem scope={{ kind: 'loose' }} name={t('sidebar.loose')} group={index.loose} paused={queue.paused} icon="photos" />}
      </ul>
      <h2 className="sidebar-heading">{t('sidebar.albums')}</h2>
      {withPhotos.length === 0 ? (
        <p className="sidebar-empty muted">{t('sidebar.noAlbums')}</p>
      ) : (
        <ul className="scopes">
          {withPhotos.map(({ album, group }) => (
            <ScopeItem
              key={album.id}
              scope={{ kind: 'album', albumId: album.id }}
              name={album.name}
              group={group}
              paused={queue.paused || queue.pausedAlbumIds.includes(album.id)}
              icon="folder"
              album={album}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}

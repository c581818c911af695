// The thumbnail at once (already in the cache from the grid), the full-resolution file over it
// as soon as it has loaded and decoded. Keyed by `src` by the caller, so a new photo starts over.
import { useState } from 'react';
import type { CSSProperties } from 'react';

interface ProgressiveImageProps {
  src: string;
  /** Shown until `src` has loaded; null when there is no small version (results). */
  placeholder: string | null;
  alt: string;
  testId: string;
  style?: CSSProperties;
  onLoaded?: (naturalWidth: number) => void;
}

export function ProgressiveImage({ src, placeholder, alt, testId, style, onLoaded }: ProgressiveImageProps) {
  const [loaded, setLoaded] = useState(false);
  return (
    <>
      {placeholder !== null && !loaded && <img className="frame-image frame-placeholder" src={placeholder} alt="" aria-hidden draggable={false} style={style} />}
      <img
        className={loaded ? 'frame-image' : 'frame-image frame-loading'}
        src={src}
        alt={alt}
        decoding="async"
        draggable={false}
        data-testid={testId}
        data-loaded={loaded}
        style={style}
        onLoad={(event) => {
          setLoaded(true);
          onLoaded?.(event.currentTarget.naturalWidth);
        }}
      />
    </>
  );
}

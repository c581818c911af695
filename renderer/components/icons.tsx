// Inline SVG icons (no icon font: the CSP allows only same-origin resources). Decorative: the
// buttons that hold them carry the accessible name.
const common = {
  width: 18,
  height: 18,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.8,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
  focusable: false,
} as const;

export function PlusIcon() {
  return (
    <svg {...common}>
      <path d="M12 5v14M5 12h14" />
    </svg>
  );
}

export function GearIcon() {
  return (
    <svg {...common}>
      <circle cx="12" cy="12" r="3" />
      <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...common}>
      <path d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}

export function ChevronIcon({ direction }: { direction: 'left' | 'right' }) {
  return (
    <svg {...common}>
      <path d={direction === 'left' ? 'M15 6l-6 6 6 6' : 'M9 6l6 6-6 6'} />
    </svg>
  );
}

export function RetryIcon() {
  return (
    <svg {...common} width={16} height={16}>
      <path d="M20 11a8 8 0 1 0-2.3 5.7" />
      <path d="M20 4v7h-7" />
    </svg>
  );
}

export function PhotosIcon({ size = 18 }: { size?: number }) {
  return (
    <svg {...common} width={size} height={size}>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <circle cx="9" cy="10" r="1.6" />
      <path d="M21 16l-5-5-8 8" />
    </svg>
  );
}

export function LogoMark() {
  return (
    <svg width={28} height={28} viewBox="0 0 32 32" aria-hidden focusable={false}>
      <defs>
        <linearGradient id="logo-split" x1="0" x2="1" y1="0" y2="0">
          <stop offset="0.5" stopColor="#8d8a85" />
          <stop offset="0.5" stopColor="#e3a857" />
        </linearGradient>
      </defs>
      <rect x="3" y="5" width="26" height="22" rx="5" fill="url(#logo-split)" />
      <circle cx="12" cy="13" r="3" fill="#1b1c1e" opacity="0.55" />
      <path d="M5 25l8-7 5 4 4-3 7 6" fill="none" stroke="#1b1c1e" strokeWidth="2" opacity="0.55" />
    </svg>
  );
}

export function PauseIcon() {
  return (
    <svg {...common} width={16} height={16}>
      <path d="M8 5v14M16 5v14" />
    </svg>
  );
}

export function PlayIcon() {
  return (
    <svg {...common} width={16} height={16}>
      <path d="M7 5l12 7-12 7z" />
    </svg>
  );
}

export function FolderIcon({ size = 18 }: { size?: number }) {
  return (
    <svg {...common} width={size} height={size}>
      <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
    </svg>
  );
}

export function ZoomIcon({ direction }: { direction: 'in' | 'out' }) {
  return (
    <svg {...common}>
      <circle cx="11" cy="11" r="6.5" />
      <path d={direction === 'in' ? 'M16 16l4.5 4.5M8 11h6M11 8v6' : 'M16 16l4.5 4.5M8 11h6'} />
    </svg>
  );
}

export function FitIcon() {
  return (
    <svg {...common}>
      <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
    </svg>
  );
}

export function StopIcon() {
  return (
    <svg {...common} width={16} height={16}>
      <rect x="6" y="6" width="12" height="12" rx="1.5" />
    </svg>
  );
}

export function ArrowUpIcon() {
  return (
    <svg {...common} width={16} height={16}>
      <path d="M12 19V5M6 11l6-6 6 6" />
    </svg>
  );
}

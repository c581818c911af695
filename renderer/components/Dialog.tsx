// A modal on the native <dialog>: focus trap, top layer and Escape come from the browser; the
// store decides whether it is open, so Escape asks `onClose` instead of closing by itself.
import { useEffect, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

interface DialogProps {
  label: string;
  onClose: () => void;
  className?: string;
  testId?: string;
  onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void;
  children: ReactNode;
}

/** Mount it to open it; unmount to close. Focus returns to what had it before. */
export function Dialog({ label, onClose, className, testId, onKeyDown, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      dialog.close();
      previous?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={label}
      className={className}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}

// A part of the window that throws while rendering shows what went wrong (and a way out)
// instead of taking the whole window down. React offers this only as a class component.
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { useT } from '../i18n/use-t';

interface ErrorBoundaryProps {
  children: ReactNode;
  /** Leaves the broken part (closes the dialog); without it, offers to reload the window. */
  onClose?: () => void;
}

function Fallback({ error, onClose }: { error: Error; onClose: (() => void) | undefined }) {
  const t = useT();
  return (
    <div className="crash" role="alert" data-testid="crash">
      <p className="banner-title">{t('crash.title')}</p>
      <p className="muted">{error.message}</p>
      {onClose === undefined ? (
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('crash.reload')}
        </button>
      ) : (
        <button type="button" className="button" onClick={onClose}>
          {t('actions.close')}
        </button>
      )}
    </div>
  );
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('a part of the window failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <Fallback
        error={error}
        onClose={
          this.props.onClose === undefined
            ? undefined
            : () => {
                this.setState({ error: null });
                this.props.onClose?.();
              }
        }
      />
    );
  }
}

import type { ReactNode } from 'react';
import { useNavigate } from '../app/navigation';

/**
 * A link to another screen, in a sentence or a table cell.
 * Why a button with the link role: it looks like a link and goes somewhere, so assistive
 * technology must announce a link; but the app moves between screens without touching the URL
 * (in browser mode the fragment holds the access token), so there is no href to follow.
 */
export function ScreenLink({
  to,
  onFollow,
  label,
  className,
  children,
}: {
  to: string;
  onFollow?: () => void;
  label?: string;
  className?: string;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <button
      type="button"
      role="link"
      className={className ? `link-button ${className}` : 'link-button'}
      aria-label={label}
      onClick={() => {
        onFollow?.();
        navigate(to);
      }}
    >
      {children}
    </button>
  );
}

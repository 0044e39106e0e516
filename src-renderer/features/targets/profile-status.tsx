import { StatusLight } from '@adobe/react-spectrum';

/**
 * Whether a schema or dataset feeds Real-Time Customer Profile (or the identity graph).
 * Why a status light with words: the difference between "enabled" and "not enabled" is why a
 * load does or does not show up in Profile; color alone would not say it to everyone.
 */
export function EnabledStatus({ enabled }: { enabled: boolean }) {
  return (
    <StatusLight variant={enabled ? 'positive' : 'neutral'} UNSAFE_className="target-status">
      {enabled ? 'Enabled' : 'Not enabled'}
    </StatusLight>
  );
}

import { useEffect, useState } from 'react';

/**
 * A `blob:` URL holding `text`, for a download link made in the page (it works the same in
 * Electron and in browser mode); null while there is no text.
 * Why state set in an effect: the URL is a resource of the page that must be revoked when the
 * text changes or the component goes away, and StrictMode mounts twice, so it is made and
 * revoked by the same effect; making it during render would leak one URL per render.
 */
export function useObjectUrl(text: string | null, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    /* eslint-disable react-hooks/set-state-in-effect -- the URL is an external resource, see above */
    if (text === null) {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(new Blob([text], { type }));
    setUrl(made);
    /* eslint-enable react-hooks/set-state-in-effect */
    return () => URL.revokeObjectURL(made);
  }, [text, type]);
  return url;
}

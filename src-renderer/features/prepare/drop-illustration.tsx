/**
 * The empty state's picture: a file dropping into a tray.
 * Why drawn here: Spectrum's illustration set is a separate package; this one SVG is all the
 * screen needs, and it takes the theme's text color so it works in light and dark.
 */
export function DropIllustration() {
  return (
    <svg viewBox="0 0 160 120" width="160" height="120" aria-hidden="true">
      <g fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round">
        <path d="M58 14h34l16 16v46a4 4 0 0 1-4 4H58a4 4 0 0 1-4-4V18a4 4 0 0 1 4-4z" />
        <path d="M92 14v16h16" />
        <path d="M64 44h32M64 54h32M64 64h20" />
        <path d="M20 84h34l8 12h36l8-12h34v24a4 4 0 0 1-4 4H24a4 4 0 0 1-4-4z" />
      </g>
    </svg>
  );
}

/**
 * The composer toolbar's icons: one set of simple line drawings (SVG, in the text colour), so no
 * button depends on an emoji font or a symbol some systems lack. Decorative: the button carries
 * the name.
 */
const PATHS = {
  bold: 'M7 4.5h6a3.75 3.75 0 0 1 0 7.5H7zM7 12h7a3.75 3.75 0 0 1 0 7.5H7z',
  italic: 'M10 4.5h8M6 19.5h8M14.5 4.5l-5 15',
  link: 'M9.5 14.5l5-5M11 6.5l1.5-1.5a4 4 0 0 1 5.7 5.7L16.5 12.5M13 17.5l-1.5 1.5a4 4 0 0 1-5.7-5.7l1.7-1.8',
  list: 'M9 6.5h11M9 12h11M9 17.5h11M4.5 6.5h.01M4.5 12h.01M4.5 17.5h.01',
  quote: 'M5 5v14M9.5 8h9.5M9.5 12h9.5M9.5 16h6',
} as const;

export type ToolIconName = keyof typeof PATHS;

export function ToolIcon({ name }: { name: ToolIconName }) {
  return (
    <svg
      className="tool-icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === 'bold' ? 2.5 : 2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

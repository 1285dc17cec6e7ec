/**
 * How a line of the draft reads on screen. The server keeps the draft's Markdown as written (an
 * amendment quotes lines exactly), so a heading line arrives as "# Arbeit": the marks are for the
 * printer, the reader sees the heading itself.
 */
export function displayLineText(line: { heading: boolean; text: string }): string {
  return line.heading ? line.text.replace(/^#{1,6}[ \t]+/, '') : line.text;
}

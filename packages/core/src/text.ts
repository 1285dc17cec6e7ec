/** Folds text for search in either dialect: lower case, umlauts spelled out, accents dropped. */
export function foldForSearch(text: string): string {
  return (
    text
      .toLowerCase()
      .replaceAll('ä', 'ae')
      .replaceAll('ö', 'oe')
      .replaceAll('ü', 'ue')
      .replaceAll('ß', 'ss')
      // Letters that Unicode does not decompose into a base letter and a mark.
      .replace(/[ıłøđ]/g, (c) => ({ ı: 'i', ł: 'l', ø: 'o', đ: 'd' })[c]!)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .trim()
  );
}

/** Escapes `%`, `_` and `\` for a LIKE pattern used with `escape '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

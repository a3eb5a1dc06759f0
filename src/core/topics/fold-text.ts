/** Letters that Unicode decomposition leaves alone but readers treat as plain Latin. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Folds case and accents: "Téhéran" and "TEHERAN" both become "teheran".
 * Why: queries and articles must meet whatever the outlet's spelling and capitalisation.
 */
export function foldText(text: string): string {
  // ASCII has no accents or special letters to fold.
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþı]/g, (letter) => SPECIAL_LETTERS[letter] ?? letter);
}

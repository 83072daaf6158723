/** Human display of a piece: a leading space shows as "▁" (SentencePiece style). */
export function displayPiece(text: string): string {
  return text.startsWith(' ') && text.length > 1 ? '▁' + text.slice(1) : text;
}

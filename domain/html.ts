// Text put into HTML we write ourselves (letters, the public article pages): every character that could open markup
// becomes a numeric reference.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

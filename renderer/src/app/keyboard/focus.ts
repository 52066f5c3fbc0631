// Moving focus between the big parts of the chat screen by keyboard.

/** The open conversation's composer takes focus (false when there is none: a closed composer, no conversation). */
export function focusComposer(): boolean {
  const input = document.querySelector<HTMLTextAreaElement>('.composer__input');
  if (!input) return false;
  input.focus();
  return true;
}

// Message `type` values the server itself gives meaning to (server/PROTOCOL.md).

export const MessageType = {
  /** What a client sends when it names none. */
  text: 1,
  /** A group change written by the server ("Alice added Carol"); clients may not send it. */
  system: 10,
} as const;

// Message `type` values the server itself gives meaning to (server/PROTOCOL.md).

export const MessageType = {
  /** What a client sends when it names none. */
  text: 1,
  /** One or more images uploaded to POST /api/v1/files, described in `attachments` (server/PROTOCOL.md, Files). */
  image: 2,
  /** One or more files (any allowed type), described in `attachments` likewise. */
  file: 3,
  /** A group change written by the server ("Alice added Carol"); clients may not send it. */
  system: 10,
  /** The history line of a call, written by the server when the call ends (calls/call-lines.ts); clients may not send it. */
  call: 11,
} as const;

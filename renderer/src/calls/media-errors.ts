// Why a microphone or camera could not be used, in words for the user (LocalMedia.error).

export type DeviceKind = 'microphone' | 'camera';

export function describeMediaError(kind: DeviceKind, error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const device = kind === 'microphone' ? 'microphone' : 'camera';
  switch (name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${device} was found`;
    case 'NotAllowedError':
    case 'SecurityError':
      return `Parley is not allowed to use the ${device}`;
    case 'NotReadableError':
    case 'AbortError':
      return `The ${device} is in use by another program`;
    case 'NotSupportedError':
      return error instanceof Error && error.message ? error.message : `The ${device} cannot be used here`;
    default:
      return `The ${device} could not be started`;
  }
}

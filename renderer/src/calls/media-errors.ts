// Why a microphone or camera could not be used, in words for the user (LocalMedia.error).

import { t } from '../i18n';

export type DeviceKind = 'microphone' | 'camera';

export function describeMediaError(kind: DeviceKind, error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const device = { device: kind };
  switch (name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
      return t('media.error.notFound', device);
    case 'NotAllowedError':
    case 'SecurityError':
      return t('media.error.notAllowed', device);
    case 'NotReadableError':
    case 'AbortError':
      return t('media.error.inUse', device);
    case 'NotSupportedError':
      return error instanceof Error && error.message ? error.message : t('media.error.unavailable', device);
    default:
      return t('media.error.failed', device);
  }
}

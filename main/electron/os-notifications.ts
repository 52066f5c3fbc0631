// OS notifications, shown from main (so they work with the window hidden in the tray). Main's
// policy decided each one (core/notification-policy.ts); this only shows it. Electron's
// Notification has no tag, so one per conversation is kept here: a newer one for the same
// tag closes the older (a burst stays one notification with a growing count), and a click
// brings the window forward and opens that conversation.

import { Notification } from 'electron';
import type { NotificationRequest } from '../../contract/domain';
import type { Logger } from '../core/logger';

export interface OsNotifications {
  notify(request: NotificationRequest): void;
  close(tag: string): void;
}

export function createOsNotifications(opts: {
  /** The user clicked it: show the window, open the conversation. */
  onClick(accountId: string, conversationId: string): void;
  log: Logger;
}): OsNotifications {
  // Also keeps each notification referenced: one that is garbage-collected loses its click handler.
  const byTag = new Map<string, Notification>();
  let warned = false;

  function close(tag: string): void {
    const shown = byTag.get(tag);
    if (!shown) return;
    byTag.delete(tag);
    shown.close();
  }

  return {
    notify(request) {
      if (!Notification.isSupported()) {
        if (!warned) opts.log.warn('this system shows no notifications');
        warned = true;
        return;
      }
      close(request.tag);
      const notification = new Notification({ title: request.title, body: request.body });
      byTag.set(request.tag, notification);
      notification.on('click', () => {
        opts.onClick(request.accountId, request.conversationId);
        close(request.tag);
      });
      // Dismissed by the user or the OS: forget it (only if it is still the current one).
      notification.on('close', () => {
        if (byTag.get(request.tag) === notification) byTag.delete(request.tag);
      });
      notification.show();
    },
    close,
  };
}

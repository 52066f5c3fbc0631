// OS notifications, shown from main (so they work with the window hidden in the tray). Main's
// policy decided each one (core/notification-policy.ts); this only shows it. Electron's
// Notification has no tag, so one per conversation is kept here: a newer one for the same
// tag closes the older (a burst stays one notification with a growing count), and a click
// brings the window forward and opens that conversation.
//
// An incoming call's notification stays up while the call rings (main closes it when the
// ringing stops) and, on macOS and Windows, carries Accept and Decline buttons. Linux
// notification servers differ too much in what they do with buttons: there a click brings
// the window forward, where the incoming-call overlay answers.

import { Notification, type NotificationConstructorOptions } from 'electron';
import type { CallMedia, NotificationRequest } from '../../contract/domain';
import { t } from '../core/i18n';
import type { Logger } from '../core/logger';
import { isCallNotification, type CallNotificationRequest } from '../core/notification-policy';

export interface OsNotifications {
  notify(request: NotificationRequest): void;
  close(tag: string): void;
}

/** What the user can do from an incoming call's notification. */
export interface CallNotificationActions {
  /** Accept: the window answers the call (its media runs there). */
  answer(accountId: string, callId: string, media: CallMedia): void;
  decline(accountId: string, callId: string): void;
  /** A click on the notification itself: the window comes forward with its incoming-call overlay. */
  show(accountId: string, callId: string): void;
}

/** The buttons' order is the index Electron's 'action' event reports; worded in the chosen language. */
const CALL_ACTIONS = ['notification.accept', 'notification.decline'] as const;

export function createOsNotifications(opts: {
  /** The user clicked it: show the window, open the conversation. */
  onClick(accountId: string, conversationId: string): void;
  calls?: CallNotificationActions;
  log: Logger;
  platform?: NodeJS.Platform;
}): OsNotifications {
  const platform = opts.platform ?? process.platform;
  const buttons = platform === 'darwin' || platform === 'win32';
  // Also keeps each notification referenced: one that is garbage-collected loses its click handler.
  const byTag = new Map<string, Notification>();
  let warned = false;

  function close(tag: string): void {
    const shown = byTag.get(tag);
    if (!shown) return;
    byTag.delete(tag);
    shown.close();
  }

  function callOptions(request: CallNotificationRequest): NotificationConstructorOptions {
    return {
      title: request.title,
      body: request.body,
      // It rings until main closes it: no timing out halfway through the ring.
      timeoutType: 'never',
      urgency: 'critical',
      // The window, raised for the ring, plays the ringtone: no system sound on top of it.
      silent: true,
      ...(buttons && opts.calls ? { actions: CALL_ACTIONS.map((key) => ({ type: 'button' as const, text: t(key) })) } : {}),
    };
  }

  function onCallEvents(notification: Notification, request: CallNotificationRequest): void {
    const { accountId } = request;
    const { callId, media } = request.call;
    notification.on('click', () => {
      opts.calls?.show(accountId, callId);
      close(request.tag);
    });
    notification.on('action', (details: { actionIndex?: number } | undefined, legacyIndex?: number) => {
      const index = details?.actionIndex ?? legacyIndex;
      if (index === 0) opts.calls?.answer(accountId, callId, media);
      else if (index === 1) opts.calls?.decline(accountId, callId);
      close(request.tag);
    });
  }

  return {
    notify(request) {
      if (!Notification.isSupported()) {
        if (!warned) opts.log.warn('this system shows no notifications');
        warned = true;
        return;
      }
      close(request.tag);
      const call = isCallNotification(request) ? request : null;
      const notification = new Notification(call ? callOptions(call) : { title: request.title, body: request.body });
      byTag.set(request.tag, notification);
      if (call) onCallEvents(notification, call);
      else {
        notification.on('click', () => {
          opts.onClick(request.accountId, request.conversationId);
          close(request.tag);
        });
      }
      // Dismissed by the user or the OS: forget it (only if it is still the current one).
      notification.on('close', () => {
        if (byTag.get(request.tag) === notification) byTag.delete(request.tag);
      });
      notification.show();
    },
    close,
  };
}

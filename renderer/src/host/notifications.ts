// Notifications in the page. Main decides every one (its policy: muted, Do Not Disturb,
// the conversation the user looks at, bursts); in the browser host it sends
// `notification.show` / `notification.close` and this shows them with the browser's
// Notification API. A click focuses the window and opens the conversation, by the same path
// as Electron's `conversation.open` event (its notifications are shown by main).
//
// An incoming call's notification (it names the call) stays up until main closes it (the call
// stopped ringing), and a click only focuses the page: the page shows the incoming-call
// overlay, where the call is answered (the media runs here).
//
// Permission: asked once, at the user's first click or key press (browsers refuse or ignore
// a request without a gesture); nothing is asked when it is already granted or denied.

import type { NotificationRequest, ParleyApi } from '../contract';

export interface PageNotificationsOptions {
  api: ParleyApi;
  /** Opens the conversation in this window. */
  open(accountId: string, conversationId: string): void;
  win: Window;
  /** Browser host: show main's notifications here. Electron: only follow `conversation.open`. */
  showNotifications: boolean;
}

/** Starts listening; returns how to stop. */
export function startPageNotifications(opts: PageNotificationsOptions): () => void {
  const { api, win } = opts;
  const stops: Array<() => void> = [];
  const openConversation = (accountId: string, conversationId: string) => {
    win.focus();
    opts.open(accountId, conversationId);
  };
  stops.push(api.on('conversation.open', (p) => openConversation(p.accountId, p.conversationId)));

  const Api: typeof Notification | null = opts.showNotifications ? ((win as { Notification?: typeof Notification }).Notification ?? null) : null;
  if (Api) {
    const permission = followPermission(win, Api);
    stops.push(permission.stop, askPermissionAtGesture(win, Api, permission));
    const shown = new Map<string, Notification>();
    stops.push(
      api.on('notification.show', ({ notification }) => {
        if (permission.current() !== 'granted') return;
        show(Api, shown, notification, openConversation, () => win.focus());
      }),
      api.on('notification.close', ({ tag }) => {
        shown.get(tag)?.close();
        shown.delete(tag);
      }),
      () => {
        for (const n of shown.values()) n.close();
        shown.clear();
      },
    );
  }
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}

/** Main's incoming-call notification carries the call it rings for (main/core/notification-policy.ts). */
function isIncomingCall(request: NotificationRequest): boolean {
  // Checked at run time too: the request crossed a process boundary.
  const call: unknown = request.call;
  return typeof call === 'object' && call !== null && typeof (call as { callId?: unknown }).callId === 'string';
}

function show(
  Api: typeof Notification,
  shown: Map<string, Notification>,
  request: NotificationRequest,
  openConversation: (accountId: string, conversationId: string) => void,
  focus: () => void,
): void {
  // The same tag replaces it in the browser too; closing ours first drops its stale click handler.
  shown.get(request.tag)?.close();
  const call = isIncomingCall(request);
  const notification = new Api(request.title, { body: request.body, tag: request.tag, ...(call ? { requireInteraction: true } : {}) });
  shown.set(request.tag, notification);
  notification.onclick = () => {
    if (call) focus();
    else openConversation(request.accountId, request.conversationId);
    notification.close();
  };
  notification.onclose = () => {
    if (shown.get(request.tag) === notification) shown.delete(request.tag);
  };
}

interface FollowedPermission {
  current(): NotificationPermission;
  set(permission: NotificationPermission): void;
  stop(): void;
}

/**
 * The notification permission, read once and then followed. In Chromium every read of
 * `Notification.permission` is a synchronous call to the browser process, which during a
 * flood of cache writes is busy: reading it per notification held the page up to half a
 * second (B4 profile). Changes come from the Permissions API's change event (the user
 * changed it in the browser) and from the answer to our own request.
 */
function followPermission(win: Window, Api: typeof Notification): FollowedPermission {
  let current = Api.permission;
  let stopped = false;
  let status: PermissionStatus | null = null;
  const onChange = () => {
    if (status) current = status.state === 'prompt' ? 'default' : status.state;
  };
  const permissions = (win as { navigator?: Navigator }).navigator?.permissions;
  permissions
    ?.query({ name: 'notifications' })
    .then((s) => {
      if (stopped) return;
      status = s;
      s.addEventListener('change', onChange);
    })
    .catch(() => undefined); // no Permissions API for notifications: our own request's answer still counts
  return {
    current: () => current,
    set: (permission) => {
      current = permission;
    },
    stop: () => {
      stopped = true;
      status?.removeEventListener('change', onChange);
    },
  };
}

function askPermissionAtGesture(win: Window, Api: typeof Notification, permission: FollowedPermission): () => void {
  if (permission.current() !== 'default') return () => undefined;
  const ask = () => {
    stop();
    // Read once more here: the user may have answered in the browser's own UI meanwhile.
    const now = Api.permission;
    if (now !== 'default') permission.set(now);
    else void Promise.resolve(Api.requestPermission()).then(permission.set, () => undefined);
  };
  const stop = () => {
    win.removeEventListener('pointerdown', ask, true);
    win.removeEventListener('keydown', ask, true);
  };
  win.addEventListener('pointerdown', ask, true);
  win.addEventListener('keydown', ask, true);
  return stop;
}

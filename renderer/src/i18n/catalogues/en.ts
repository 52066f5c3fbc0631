// English: the reference catalogue. Every key the app uses is declared here, so a typo in
// `t('...')` is a compile error. Values with `one`/`other` are plurals (Intl.PluralRules);
// `{name}` is replaced by the variable of that name. Another language is a sibling file
// (e.g. `de.ts`) exporting `defineTranslation({...})`; it is picked up without code changes.

const en = {
  'app.name': 'Parley',
  'app.tagline': 'Fast, simple conversations — even when the network is not.',
  'app.starting': 'Starting Parley…',
  'app.startFailed': 'Parley could not start: {message}',

  'signin.heading.signIn': 'Sign in',
  'signin.heading.signUp': 'Create your account',
  'signin.heading.addAccount': 'Add an account',
  'signin.protocol': 'Chat network',
  'signin.login': 'Username or email',
  'signin.cancel': 'Cancel',
  'signin.signUpUnavailable': '{protocol} accounts cannot be created from Parley.',
  'signin.server': 'Server',
  'signin.username': 'Username',
  'signin.password': 'Password',
  'signin.passwordHint.signUp': 'At least 8 characters.',
  'signin.displayName': 'Display name',
  'signin.displayNameHint': 'How others see you. Optional.',
  'signin.submit.signIn': 'Sign in',
  'signin.submit.signUp': 'Create account',
  'signin.busy.signIn': 'Signing in…',
  'signin.busy.signUp': 'Creating account…',
  'signin.toggle.toSignUp': 'New to Parley? Create an account',
  'signin.toggle.toSignIn': 'Already have an account? Sign in',
  'signin.error.invalidCredentials': 'Wrong username or password. Check both and try again.',
  'signin.error.unreachable': 'Can’t reach the server at {server}. Check the address and your connection.',
  'signin.error.timeout': 'The server took too long to answer. Try again.',
  'signin.error.usernameTaken': 'That username is taken. Pick another one.',
  'signin.error.unsupported': 'This server doesn’t let you create an account from Parley.',
  'signin.error.invalidArgument': 'Please check the form: {message}',
  'signin.error.generic': 'That didn’t work: {message}',

  'connection.online': 'Online',
  'connection.connecting': 'Connecting…',
  'connection.offline': 'Offline — showing saved messages',
  'connection.signedOut': 'Signed out',
  'connection.lastSynced': 'Last synced {when}',
  'connection.neverSynced': 'Not synced yet on this device',
  'connection.retryNow': 'Retry now',

  'account.label': 'Signed in as {name}',
  'account.signOut': 'Sign out',
  'account.signOutOf': 'Sign out of {name} on {protocol}',
  'account.add': 'Add account',
  'account.on': '{name} on {protocol}',
  'account.filter': 'Show conversations of',
  'account.filterAll': 'All',
  'account.unread': { one: '{count} unread', other: '{count} unread' },
  'account.state': '{protocol}: {state}',
  'account.sessionEnded': '{name} on {protocol} was signed out: {message}',
  'account.signInAgain': 'Sign in again',
  'account.dismiss': 'Dismiss',
  'account.receiveOnly': 'This account can only receive messages.',
  'account.cannotSend': 'You can’t send messages here.',
  'newConversation.account': 'From account',

  'sidebar.label': 'Conversations',
  'sidebar.newConversation': 'New conversation',
  'conversations.loading': 'Loading conversations…',
  'conversations.empty': 'No conversations yet — start one',
  'conversations.emptyAction': 'Start a conversation',
  'conversations.previewYou': 'You: {text}',
  'conversations.previewEmpty': 'No messages yet',
  'conversations.previewDeleted': 'Message deleted',

  'newConversation.title': 'New conversation',
  'newConversation.searchLabel': 'Search people by name',
  'newConversation.searchPlaceholder': 'Name or username',
  'newConversation.hint': 'Type a name to find someone.',
  'newConversation.searching': 'Searching…',
  'newConversation.noResults': 'No one found for “{query}”.',
  'newConversation.results': { one: '{count} person found', other: '{count} people found' },
  'newConversation.offline': 'Searching needs a connection. Try again when you are back online.',
  'newConversation.unsupported': 'This server doesn’t support searching for people.',
  'newConversation.searchFailed': 'Search failed: {message}',
  'newConversation.openFailed': 'Could not open the conversation: {message}',
  'newConversation.close': 'Close',

  'conversation.noneSelected': 'Select a conversation',
  'conversation.noneSelectedHint': 'Pick one on the left, or start a new one.',
  'conversation.direct': 'Direct message',
  'conversation.online': 'Online',
  'conversation.unread': { one: '{count} unread message', other: '{count} unread messages' },
  'conversation.typing': '{name} is typing…',
  'conversation.group': { one: 'Group · {count} member', other: 'Group · {count} members' },
  'conversation.empty': 'No messages yet. Say hello!',
  'conversation.messagesLabel': 'Messages with {name}',

  'message.status.queued': 'Queued',
  'message.status.sending': 'Sending…',
  'message.status.sent': 'Sent',
  'message.status.delivered': 'Delivered',
  'message.status.read': 'Read',
  'message.status.failed': 'Not sent',
  'message.retry': 'Retry',
  'message.deleted': 'This message was deleted.',
  'message.edited': 'edited',
  'message.attachment': 'Attachment: {name}',
  'message.attachmentUnavailable': '{name} (not on this device)',

  'composer.label': 'Message',
  'composer.placeholder': 'Write a message',
  'composer.send': 'Send',
  'composer.tooLong': 'This message is {over} characters too long to send. Shorten it or split it in two.',
  'composer.offlineNote': 'You’re offline. Messages will be sent when you’re back online.',
  'composer.connectingNote': 'Connecting… Messages will be sent once you’re online.',

  'time.today': 'Today',
  'time.yesterday': 'Yesterday',
} as const satisfies Record<string, string | PluralForms>;

export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type MessageKey = keyof typeof en;
/** A full catalogue: every key, each a string or plural forms as in English. */
export type Catalogue = { [K in MessageKey]: (typeof en)[K] extends string ? string : PluralForms };
/** Another language: may lag behind English (missing keys fall back), but cannot invent keys. */
export type Translation = Partial<Catalogue>;

export function defineTranslation(translation: Translation): Translation {
  return translation;
}

export default en satisfies Catalogue;

// The emoji the picker offers: a small, fixed set of common ones by category. Characters
// only (the system's emoji font draws them): no images, nothing fetched. Each has its
// Unicode short name (CLDR, English), read out by screen readers and shown on hover.

export type EmojiCategoryId = 'smileys' | 'people' | 'nature' | 'food' | 'activities' | 'objects' | 'symbols';

export interface EmojiCategory {
  id: EmojiCategoryId;
  emoji: ReadonlyArray<readonly [char: string, name: string]>;
}

export const EMOJI_CATEGORIES: readonly EmojiCategory[] = [
  {
    id: 'smileys',
    emoji: [
      ['😀', 'grinning face'], ['😃', 'grinning face with big eyes'], ['😄', 'grinning face with smiling eyes'], ['😁', 'beaming face'],
      ['😆', 'grinning squinting face'], ['😅', 'grinning face with sweat'], ['😂', 'face with tears of joy'], ['🤣', 'rolling on the floor laughing'],
      ['🙂', 'slightly smiling face'], ['🙃', 'upside-down face'], ['😉', 'winking face'], ['😊', 'smiling face with smiling eyes'],
      ['😇', 'smiling face with halo'], ['🥰', 'smiling face with hearts'], ['😍', 'smiling face with heart-eyes'], ['😘', 'face blowing a kiss'],
      ['😋', 'face savoring food'], ['😛', 'face with tongue'], ['😜', 'winking face with tongue'], ['🤪', 'zany face'],
      ['🤔', 'thinking face'], ['🤨', 'face with raised eyebrow'], ['😐', 'neutral face'], ['😑', 'expressionless face'],
      ['🙄', 'face with rolling eyes'], ['😏', 'smirking face'], ['😬', 'grimacing face'], ['😌', 'relieved face'],
      ['😴', 'sleeping face'], ['😷', 'face with medical mask'], ['🤒', 'face with thermometer'], ['🤯', 'exploding head'],
      ['🥳', 'partying face'], ['😎', 'smiling face with sunglasses'], ['🤓', 'nerd face'], ['😕', 'confused face'],
      ['😟', 'worried face'], ['😮', 'face with open mouth'], ['😲', 'astonished face'], ['😳', 'flushed face'],
      ['🥺', 'pleading face'], ['😢', 'crying face'], ['😭', 'loudly crying face'], ['😱', 'face screaming in fear'],
      ['😤', 'face with steam from nose'], ['😡', 'enraged face'], ['🤗', 'smiling face with open hands'], ['🤫', 'shushing face'],
    ],
  },
  {
    id: 'people',
    emoji: [
      ['👍', 'thumbs up'], ['👎', 'thumbs down'], ['👌', 'OK hand'], ['✌️', 'victory hand'],
      ['🤞', 'crossed fingers'], ['🤙', 'call me hand'], ['👋', 'waving hand'], ['👏', 'clapping hands'],
      ['🙌', 'raising hands'], ['🙏', 'folded hands'], ['🤝', 'handshake'], ['💪', 'flexed biceps'],
      ['👈', 'backhand index pointing left'], ['👉', 'backhand index pointing right'], ['👆', 'backhand index pointing up'], ['👇', 'backhand index pointing down'],
      ['✋', 'raised hand'], ['🤚', 'raised back of hand'], ['👀', 'eyes'], ['🧠', 'brain'],
      ['🙋', 'person raising hand'], ['🤷', 'person shrugging'], ['🤦', 'person facepalming'], ['🙇', 'person bowing'],
    ],
  },
  {
    id: 'nature',
    emoji: [
      ['🐶', 'dog face'], ['🐱', 'cat face'], ['🐭', 'mouse face'], ['🐰', 'rabbit face'],
      ['🦊', 'fox'], ['🐻', 'bear'], ['🐼', 'panda'], ['🐨', 'koala'],
      ['🐯', 'tiger face'], ['🦁', 'lion'], ['🐮', 'cow face'], ['🐷', 'pig face'],
      ['🐸', 'frog'], ['🐵', 'monkey face'], ['🐔', 'chicken'], ['🐧', 'penguin'],
      ['🐢', 'turtle'], ['🐙', 'octopus'], ['🦋', 'butterfly'], ['🐝', 'honeybee'],
      ['🌸', 'cherry blossom'], ['🌹', 'rose'], ['🌻', 'sunflower'], ['🌲', 'evergreen tree'],
      ['🍀', 'four leaf clover'], ['🌈', 'rainbow'], ['☀️', 'sun'], ['🌙', 'crescent moon'],
      ['⭐', 'star'], ['⚡', 'high voltage'], ['❄️', 'snowflake'], ['🌊', 'water wave'],
    ],
  },
  {
    id: 'food',
    emoji: [
      ['🍎', 'red apple'], ['🍌', 'banana'], ['🍇', 'grapes'], ['🍓', 'strawberry'],
      ['🍑', 'peach'], ['🍍', 'pineapple'], ['🥑', 'avocado'], ['🥕', 'carrot'],
      ['🍞', 'bread'], ['🧀', 'cheese wedge'], ['🍕', 'pizza'], ['🍔', 'hamburger'],
      ['🍟', 'french fries'], ['🌮', 'taco'], ['🍣', 'sushi'], ['🍜', 'steaming bowl'],
      ['🍰', 'shortcake'], ['🎂', 'birthday cake'], ['🍪', 'cookie'], ['🍫', 'chocolate bar'],
      ['☕', 'hot beverage'], ['🍵', 'teacup without handle'], ['🍺', 'beer mug'], ['🍷', 'wine glass'],
    ],
  },
  {
    id: 'activities',
    emoji: [
      ['⚽', 'soccer ball'], ['🏀', 'basketball'], ['🎾', 'tennis'], ['🏐', 'volleyball'],
      ['🏓', 'ping pong'], ['🚴', 'person biking'], ['🏃', 'person running'], ['🏊', 'person swimming'],
      ['🎉', 'party popper'], ['🎊', 'confetti ball'], ['🎁', 'wrapped gift'], ['🏆', 'trophy'],
      ['🎮', 'video game'], ['🎲', 'game die'], ['🎵', 'musical note'], ['🎸', 'guitar'],
      ['🚗', 'automobile'], ['🚆', 'train'], ['✈️', 'airplane'], ['🚀', 'rocket'],
      ['🏠', 'house'], ['🏖️', 'beach with umbrella'], ['⛰️', 'mountain'], ['🗺️', 'world map'],
    ],
  },
  {
    id: 'objects',
    emoji: [
      ['💻', 'laptop'], ['📱', 'mobile phone'], ['⌨️', 'keyboard'], ['🖥️', 'desktop computer'],
      ['📷', 'camera'], ['🎧', 'headphone'], ['💡', 'light bulb'], ['🔋', 'battery'],
      ['📎', 'paperclip'], ['✏️', 'pencil'], ['📝', 'memo'], ['📅', 'calendar'],
      ['📌', 'pushpin'], ['📦', 'package'], ['✉️', 'envelope'], ['🔑', 'key'],
      ['🔒', 'locked'], ['🔧', 'wrench'], ['🛠️', 'hammer and wrench'], ['⏰', 'alarm clock'],
      ['💰', 'money bag'], ['📚', 'books'], ['🐛', 'bug'], ['☂️', 'umbrella'],
    ],
  },
  {
    id: 'symbols',
    emoji: [
      ['❤️', 'red heart'], ['🧡', 'orange heart'], ['💛', 'yellow heart'], ['💚', 'green heart'],
      ['💙', 'blue heart'], ['💜', 'purple heart'], ['🖤', 'black heart'], ['💔', 'broken heart'],
      ['✨', 'sparkles'], ['🔥', 'fire'], ['💯', 'hundred points'], ['✅', 'check mark button'],
      ['❌', 'cross mark'], ['❓', 'red question mark'], ['❗', 'red exclamation mark'], ['⚠️', 'warning'],
      ['➡️', 'right arrow'], ['⬅️', 'left arrow'], ['🔁', 'repeat button'], ['🆗', 'OK button'],
      ['🆕', 'NEW button'], ['💬', 'speech balloon'], ['💤', 'zzz'], ['🚫', 'prohibited'],
    ],
  },
];

/** Columns of the grid: arrow keys move by one, up and down by a row. */
export const EMOJI_COLUMNS = 8;

/** Where an arrow key (or Home / End) moves the focus in a grid of `count` cells; null for other keys. */
export function gridMove(index: number, key: string, count: number, columns = EMOJI_COLUMNS): number | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return Math.min(index + 1, last);
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'ArrowDown':
      return index + columns <= last ? index + columns : index;
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

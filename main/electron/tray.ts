// The tray (notification area / menu bar) icon: its image says at a glance whether something
// is unread, Do Not Disturb is on, or Parley is offline; the tooltip gives the count; the
// menu opens the window, toggles Do Not Disturb and quits. The images are drawn by
// scripts/draw-tray-icons.mjs beside main.cjs at build (dist/electron/tray/).

import { join } from 'node:path';
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import { t } from '../core/i18n';

export type TrayLook = 'normal' | 'unread' | 'dnd' | 'offline';

export interface TrayState {
  /** The badge total (as the setting counts muted conversations). */
  unread: number;
  doNotDisturb: boolean;
  /** Some signed-in account has no connection: messages may be waiting that Parley cannot see. */
  offline: boolean;
}

export interface TrayActions {
  open(): void;
  setDoNotDisturb(on: boolean): void;
  quit(): void;
}

/**
 * One image at a time, by what matters most: offline first (the count may be wrong and
 * nothing new arrives), then Do Not Disturb (the user chose silence and should see it is on),
 * then unread. The tooltip always carries the count.
 */
export function trayLook(state: TrayState): TrayLook {
  if (state.offline) return 'offline';
  if (state.doNotDisturb) return 'dnd';
  return state.unread > 0 ? 'unread' : 'normal';
}

export function trayTooltip(state: TrayState): string {
  const parts = [t('app.name')];
  parts.push(t('tray.unread', { count: state.unread }));
  if (state.doNotDisturb) parts.push(t('settings.doNotDisturb'));
  if (state.offline) parts.push(t('tray.offline'));
  return parts.join(' · ');
}

export class ParleyTray {
  private readonly tray: Tray;
  private readonly images = new Map<TrayLook, NativeImage>();
  private shown: { look: TrayLook; tooltip: string; doNotDisturb: boolean; openLabel: string } | null = null;

  constructor(
    /** Where tray-<look>.png (and its @2x, which Electron picks by itself) are. */
    private readonly iconDir: string,
    private readonly actions: TrayActions,
    state: TrayState,
  ) {
    this.tray = new Tray(this.image(trayLook(state)));
    // Windows and Linux open the window on a click; macOS shows the menu (its convention).
    this.tray.on('click', () => actions.open());
    this.update(state);
  }

  update(state: TrayState): void {
    const look = trayLook(state);
    const tooltip = trayTooltip(state);
    const before = this.shown;
    if (before?.look !== look) this.tray.setImage(this.image(look));
    if (before?.tooltip !== tooltip) this.tray.setToolTip(tooltip);
    // The menu is built again when Do Not Disturb or the language (its labels) changed.
    const openLabel = t('tray.open');
    if (before?.doNotDisturb !== state.doNotDisturb || before.openLabel !== openLabel) this.tray.setContextMenu(this.menu(state.doNotDisturb));
    this.shown = { look, tooltip, doNotDisturb: state.doNotDisturb, openLabel };
  }

  destroy(): void {
    this.tray.destroy();
  }

  private menu(doNotDisturb: boolean): Menu {
    return Menu.buildFromTemplate([
      { id: 'open', label: t('tray.open'), click: () => this.actions.open() },
      {
        id: 'dnd',
        label: t('settings.doNotDisturb'),
        type: 'checkbox',
        checked: doNotDisturb,
        click: (item) => this.actions.setDoNotDisturb(item.checked),
      },
      { type: 'separator' },
      { id: 'quit', label: t('tray.quit'), click: () => this.actions.quit() },
    ]);
  }

  private image(look: TrayLook): NativeImage {
    let image = this.images.get(look);
    if (!image) {
      image = nativeImage.createFromPath(join(this.iconDir, `tray-${look}.png`));
      this.images.set(look, image);
    }
    return image;
  }
}

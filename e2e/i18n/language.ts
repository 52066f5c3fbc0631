// Choosing the interface language as a user does: the language select in settings. Shared by
// the Arabic spec and the screenshot tour.
import { expect, type Page } from '@playwright/test';

/** What <html> says for each language once the window has switched. */
export const HTML = {
  en: { lang: 'en', dir: 'ltr' },
  ar: { lang: 'ar', dir: 'rtl' },
  zh: { lang: 'zh-Hans', dir: 'ltr' },
  vi: { lang: 'vi', dir: 'ltr' },
  pl: { lang: 'pl', dir: 'ltr' },
} as const;
export type Language = keyof typeof HTML;

/** Opens settings, picks the language there and waits for the window to switch and main to store it. */
export async function chooseLanguage(page: Page, language: Language, opts: { closeSettings?: boolean } = {}): Promise<void> {
  const dialog = page.getByTestId('settings-dialog');
  await page.getByTestId('settings-button').click();
  await expect(dialog).toBeVisible();
  await page.getByTestId('setting-language').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', HTML[language].lang);
  await expect(page.locator('html')).toHaveAttribute('dir', HTML[language].dir);
  await expect(dialog).toHaveAttribute('aria-busy', 'false');
  if (opts.closeSettings ?? true) {
    await page.getByTestId('settings-close').click();
    await expect(dialog).toHaveCount(0);
  }
}

/** From the next load on, the browser's (the "system's") languages are these. */
export async function systemLanguages(page: Page, languages: string[]): Promise<void> {
  await page.context().addInitScript((list) => {
    Object.defineProperty(navigator, 'languages', { get: () => list });
    Object.defineProperty(navigator, 'language', { get: () => list[0] });
  }, languages);
}
